using Cortex.LoadTesting.Endurance.Internal;

namespace Cortex.LoadTesting.Tests.Endurance;

public sealed class PrometheusTextTests
{
    // As OpenTelemetry's Prometheus exporter writes the .NET runtime meter (System.Runtime), with a label value that
    // holds a space, a brace and an escaped quote, a timestamp, and an OpenMetrics end marker.
    private const string Exposition = """
        # TYPE dotnet_process_memory_working_set_bytes gauge
        # UNIT dotnet_process_memory_working_set_bytes bytes
        dotnet_process_memory_working_set_bytes{otel_scope_name="System.Runtime"} 77041664
        # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 140592
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen1"} 1438112
        dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="loh"} 3.788432e6 1733234567000
        dotnet_process_cpu_time_seconds_total{otel_scope_name="System.Runtime",cpu_mode="user"} 0.337353
        dotnet_process_cpu_time_seconds_total{otel_scope_name="System.Runtime",cpu_mode="system"} 0.040161
        http_requests_total{route="/a b} \"x\"",code="200"} 5
        process_resident_memory_bytes 1.5e8
        bad_line{unterminated="x 5
        not_a_number NaN
        # EOF
        """;

    [Fact]
    public void Parse_OpenTelemetryRuntimeMeter_SumsEachNameOverItsLabels()
    {
        var values = PrometheusText.Parse(Exposition);

        Assert.Equal(77041664, PrometheusText.First(values, PrometheusText.WorkingSetNames));
        Assert.Equal(140592 + 1438112 + 3788432, PrometheusText.First(values, PrometheusText.GcHeapNames));
        Assert.Equal(0.337353 + 0.040161, PrometheusText.First(values, PrometheusText.CpuSecondsNames)!.Value, 9);
        Assert.Equal(5, values["http_requests_total"]);
        Assert.False(values.ContainsKey("bad_line"));
        Assert.False(values.ContainsKey("not_a_number"));
    }

    [Fact]
    public void First_OtherExporters_FallsBackToTheirNames()
    {
        var values = PrometheusText.Parse("process_resident_memory_bytes 1.5e8\nprocess_cpu_seconds_total 12.5\ndotnet_total_memory_bytes 4096\n");

        Assert.Equal(1.5e8, PrometheusText.First(values, PrometheusText.WorkingSetNames));
        Assert.Equal(4096, PrometheusText.First(values, PrometheusText.GcHeapNames));
        Assert.Equal(12.5, PrometheusText.First(values, PrometheusText.CpuSecondsNames));
        Assert.Null(PrometheusText.First(PrometheusText.Parse("up 1"), PrometheusText.WorkingSetNames));
    }
}
