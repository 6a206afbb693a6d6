using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Tests.Reports;

public class LoadTestReportsJsonTests
{
    // The shape a result had before the metadata was source-generated: reflection, one converter for all enums.
    private static readonly System.Text.Json.JsonSerializerOptions ReflectionShape = new()
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        Converters =
        {
            new System.Text.Json.Serialization.JsonStringEnumConverter<LoadModel>(System.Text.Json.JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new SegmentAsText(),
        },
    };

    [Fact]
    public void ToJson_ReadBack_WritesIdenticalText()
    {
        var json = LoadTestReports.ToJson(ReportSamples.Full());

        var again = LoadTestReports.ToJson(LoadTestReports.FromJson(json));

        Assert.Equal(json, again);
    }

    [Fact]
    public void ToJson_SourceGenerated_WritesWhatReflectionWrites()
    {
        var result = ReportSamples.Full();

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(result, ReflectionShape), LoadTestReports.ToJson(result));
    }

    [Fact]
    public void FromJson_WrittenResult_HistogramsDecodeToSameCounts()
    {
        var original = ReportSamples.Full();

        var read = LoadTestReports.FromJson(LoadTestReports.ToJson(original));

        Assert.Equal(original.Requests.Latency, read.Requests.Latency);
        var decoded = HistogramCodec.Decode(read.Requests.Latency.Histogram);
        Assert.Equal(original.Requests.Count, decoded.TotalCount);
        Assert.Equal(HistogramCodec.Decode(original.Requests.Latency.Histogram).GetValueAtPercentile(99), decoded.GetValueAtPercentile(99));
        Assert.Equal(original.Timeline.Select(p => p.Histogram), read.Timeline.Select(p => p.Histogram));
    }

    [Fact]
    public void ToJson_EnumsAndSegment_WrittenAsText()
    {
        var json = LoadTestReports.ToJson(ReportSamples.Full());

        Assert.Contains("\"model\": \"ramping-arrival-rate\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"aborted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"segment\": \"2/3\"", json, StringComparison.Ordinal);
        Assert.Contains("\"category\": \"latency\"", json, StringComparison.Ordinal);
        Assert.Contains("\"expression\": \"p(95)<100\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NonFiniteNumbers_RoundTrip()
    {
        var result = ReportSamples.Full() with
        {
            Thresholds = [new ThresholdResult { Expression = "p(95)<1", Step = "missing", Source = "threshold", Observed = double.NaN }],
        };

        var read = LoadTestReports.FromJson(LoadTestReports.ToJson(result));

        Assert.True(double.IsNaN(read.Thresholds[0].Observed));
        Assert.Equal(double.PositiveInfinity, read.Breakpoint!.DegradationPoints[1].Factor);
    }

    [Theory]
    [InlineData("\"peakActiveUsers\": 4", "\"peakActiveUsers\": \"many\"", "$.peakActiveUsers")]
    [InlineData("\"segment\": \"2/3\"", "\"segment\": \"4/3\"", "$.segment")]
    [InlineData("ramping-arrival-rate", "per-vu-iterations", "$.model")]
    [InlineData("\"status\": \"aborted\"", "\"status\": 2", "$.status")]
    [InlineData("\"errorType\": \"http_503\"", "\"errorType\": null", "$.errors[0]")]
    public void FromJson_BadValue_NamesPath(string good, string bad, string path)
    {
        var json = LoadTestReports.ToJson(ReportSamples.Full());
        Assert.Contains(good, json, StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => LoadTestReports.FromJson(json.Replace(good, bad, StringComparison.Ordinal)));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"peakActiveUsers\": 4", "\"peakActiveUsers\": \"many\"", "$.peakActiveUsers, line ", "expected a whole number")]
    [InlineData("ramping-arrival-rate", "per-vu-iterations", "$.model, line ", "expected one of constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate")]
    [InlineData("\"duration\": \"00:00:01\"", "\"duration\": 5", ".duration, line ", "expected a time span such as \"00:00:05\"")]
    public void FromJson_WrongType_SaysWhatWasExpectedWithoutDotNetTypeNames(string good, string bad, string where, string expected)
    {
        var json = LoadTestReports.ToJson(ReportSamples.Full());
        Assert.Contains(good, json, StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => LoadTestReports.FromJson(json.Replace(good, bad, StringComparison.Ordinal)));

        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cortex.LoadTesting.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_BadSegment_SaysTheFormat()
    {
        var json = LoadTestReports.ToJson(ReportSamples.Full()).Replace("\"2/3\"", "\"4/3\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => LoadTestReports.FromJson(json));

        Assert.Contains("i/n", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MissingTestName_SaysWhatIsMissing()
    {
        var ex = Assert.Throws<InvalidDataException>(() => LoadTestReports.FromJson("""{ "requests": { "name": "requests" } }"""));

        Assert.Contains("testName", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"testName\": ")]
    [InlineData("not json")]
    [InlineData("null")]
    public void FromJson_NotAResult_ThrowsInvalidData(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => LoadTestReports.FromJson(json));

        Assert.StartsWith("The load test result JSON is", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteJsonAsync_ReadJsonAsync_RoundTrips()
    {
        var ct = TestContext.Current.CancellationToken;
        var original = ReportSamples.Full();
        using var stream = new MemoryStream();

        await LoadTestReports.WriteJsonAsync(original, stream, ct);
        stream.Position = 0;
        var read = await LoadTestReports.ReadJsonAsync(stream, ct);

        Assert.Equal(LoadTestReports.ToJson(original), LoadTestReports.ToJson(read));
    }

    [Fact]
    public async Task ReadJsonAsync_Malformed_ThrowsInvalidData()
    {
        using var stream = new MemoryStream("{\"testName\": 1}"u8.ToArray());

        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await LoadTestReports.ReadJsonAsync(stream, TestContext.Current.CancellationToken));

        Assert.Contains("$.testName", ex.Message, StringComparison.Ordinal);
    }

    private sealed class SegmentAsText : System.Text.Json.Serialization.JsonConverter<ExecutionSegment>
    {
        public override ExecutionSegment Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
            ExecutionSegment.Parse(reader.GetString()!);

        public override void Write(System.Text.Json.Utf8JsonWriter writer, ExecutionSegment value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
