using System.Text.Json.Serialization;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>Source-generated JSON of cached completions, in Z.AI's own field names, nulls left out to keep entries small.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ZaiCompletion))]
internal sealed partial class ZaiCacheJsonContext : JsonSerializerContext;
