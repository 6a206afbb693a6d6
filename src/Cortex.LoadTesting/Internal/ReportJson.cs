using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Internal;

/// <summary>The one JSON shape of a result: camelCase, enums as strings, segments as <c>i/n</c>, time spans as <c>d.hh:mm:ss.fffffff</c>.</summary>
internal static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The metadata of a result under <see cref="Options"/>.</summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<LoadTestResult> Result { get; } =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<LoadTestResult>)Options.GetTypeInfo(typeof(LoadTestResult));

    /// <summary>How a load model is written: <c>constant-vus</c>, as k6 names its executors.</summary>
    public static string Name(LoadModel model) => JsonNamingPolicy.KebabCaseLower.ConvertName(model.ToString());

    /// <summary>How other enums are written: <c>completed</c>, <c>latency</c>.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            // Source-generated metadata: a result is read and written without reflection, so the package stays
            // trimming- and AOT-compatible.
            TypeInfoResolver = ReportJsonContext.Default,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,

            // Observed values can be NaN (a threshold on a step that never ran) and degradation factors infinite.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

            // A result file is data, never embedded in a page: keep p(95)<2000 readable instead of p(95)\u003C2000.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Converters =
            {
                new JsonStringEnumConverter<LoadModel>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
                // One generic converter per enum: the non-generic JsonStringEnumConverter needs reflection.
                CamelCase<LoadTestStatus>(),
                CamelCase<LeakVerdict>(),
                CamelCase<RecommendationCategory>(),
                CamelCase<RegressionSeverity>(),
                CamelCase<FeedOrder>(),
                CamelCase<FeedMode>(),
                CamelCase<FeedFormat>(),
                CamelCase<Cortex.Abstractions.Slo.SloMetric>(),
                new ExecutionSegmentJsonConverter(),
            },
        };
        options.MakeReadOnly();
        return options;
    }

    private static JsonStringEnumConverter<TEnum> CamelCase<TEnum>()
        where TEnum : struct, Enum => new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    private sealed class ExecutionSegmentJsonConverter : JsonConverter<ExecutionSegment>
    {
        public override ExecutionSegment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"A segment must be a string i/n, for example \"1/3\", not {reader.TokenType}.");
            }

            try
            {
                return ExecutionSegment.Parse(reader.GetString()!);
            }
            catch (FormatException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, ExecutionSegment value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

/// <summary>The result types' serialization metadata, generated at build time.</summary>
[JsonSerializable(typeof(LoadTestResult))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
