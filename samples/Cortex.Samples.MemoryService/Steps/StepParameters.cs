using System.Text.Json;
using Cortex.Abstractions.Steps;
using Cortex.Samples.MemoryService.Memory;

namespace Cortex.Samples.MemoryService.Steps;

/// <summary>Reads the memory steps' shared parameters.</summary>
internal static class StepParameters
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static MemoryScope? Scope(StepDefinition definition)
    {
        if (!definition.TryGet("scope", out var value))
        {
            return null;
        }

        try
        {
            return value.ValueKind == JsonValueKind.Object
                ? value.Deserialize<MemoryScope>(Web)
                : throw definition.InvalidParameter("scope", "must be an object {project, branch, org}");
        }
        catch (JsonException ex)
        {
            throw definition.InvalidParameter("scope", $"must be an object of strings {{project, branch, org}} ({ex.Message})");
        }
    }

    public static IReadOnlyList<string>? Types(StepDefinition definition)
    {
        if (!definition.TryGet("types", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            throw definition.InvalidParameter("types", "must be an array of kinds");
        }

        return [.. value.EnumerateArray().Select(t => t.GetString()!)];
    }

    // The request validators key errors by request field; a step names its parameter, so the request's prefix goes.
    public static void ThrowIfInvalid(StepDefinition definition, Dictionary<string, string[]> errors, string fieldPrefix = "")
    {
        if (errors.Count > 0)
        {
            var (field, messages) = errors.First();
            var parameter = field.StartsWith(fieldPrefix, StringComparison.Ordinal) ? field[fieldPrefix.Length..] : field;
            throw definition.InvalidParameter(parameter, string.Join(" ", messages).TrimEnd('.'));
        }
    }
}
