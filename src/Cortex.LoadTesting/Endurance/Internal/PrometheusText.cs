using System.Globalization;

namespace Cortex.LoadTesting.Endurance.Internal;

/// <summary>
/// Reads the figures this package needs from a Prometheus text exposition (and OpenMetrics, which shares its sample
/// lines): each metric name's value, summed over its label sets. Hand-written: no maintained .NET parser of the format
/// exists, and only a sample line's name and value are needed, not its labels, types or exemplars.
/// </summary>
internal static class PrometheusText
{
    /// <summary>Working set (resident memory): the .NET runtime meter as OpenTelemetry exports it, OpenTelemetry's process instrumentation, prometheus-net and the Go, Python and Java clients.</summary>
    public static readonly string[] WorkingSetNames =
        ["dotnet_process_memory_working_set_bytes", "process_memory_usage_bytes", "process_working_set_bytes", "process_resident_memory_bytes"];

    /// <summary>Managed heap: the .NET runtime meter (all generations after the last GC), OpenTelemetry.Instrumentation.Runtime, and prometheus-net.</summary>
    public static readonly string[] GcHeapNames =
        ["dotnet_gc_last_collection_heap_size_bytes", "process_runtime_dotnet_gc_heap_size_bytes", "dotnet_gc_heap_size_bytes", "dotnet_total_memory_bytes"];

    /// <summary>CPU seconds used so far, over all modes.</summary>
    public static readonly string[] CpuSecondsNames =
        ["dotnet_process_cpu_time_seconds_total", "process_cpu_time_seconds_total", "process_cpu_seconds_total"];

    /// <summary>Each metric name with the sum of its samples' values.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny('{', ' ', '\t');
            if (nameEnd <= 0)
            {
                continue;
            }

            var name = line[..nameEnd].ToString();
            var rest = line[nameEnd..];
            if (rest[0] == '{')
            {
                // Label values may hold spaces and braces inside quotes; the value starts after the closing brace.
                var close = LabelsEnd(rest);
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            rest = rest.TrimStart();
            var valueEnd = rest.IndexOfAny(' ', '\t');
            var value = valueEnd < 0 ? rest : rest[..valueEnd];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                values[name] = values.GetValueOrDefault(name) + number;
            }
        }

        return values;
    }

    /// <summary>The first of <paramref name="names"/> present, summed over its label sets, or <see langword="null"/>.</summary>
    public static double? First(Dictionary<string, double> values, string[] names)
    {
        foreach (var name in names)
        {
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static int LabelsEnd(ReadOnlySpan<char> text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when quoted: i++; break;
                case '"': quoted = !quoted; break;
                case '}' when !quoted: return i;
            }
        }

        return -1;
    }
}
