using System.CommandLine;
using System.CommandLine.Parsing;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>
/// <c>run --target-metrics url --target-pid n --trace</c>: watch the system under test during the run (see
/// <see cref="TargetMonitorOptions"/>). Each option overrides the test file's <c>monitor</c> field of the same meaning.
/// </summary>
internal sealed class MonitorOptions
{
    private readonly Option<string> _metrics = new("--target-metrics")
    {
        Description = "The target's Prometheus endpoint (http://host:port/metrics): its working set, GC heap and CPU are sampled during the run for a leak verdict.",
        HelpName = "url",
    };

    private readonly Option<double?> _pid = NumberOption.Create("--target-pid", n => n >= 1 && n <= int.MaxValue && n == Math.Floor(n), "a process id, a whole number > 0");

    private readonly Option<string> _sampleInterval = new("--sample-interval")
    {
        Description = "How often the target is sampled (\"1s\", \"500ms\"); default 1s.",
        HelpName = "duration",
    };

    private readonly Option<string> _warmUp = new("--warm-up")
    {
        Description = "How long after the start samples are left out of the leak verdict (\"30s\", \"5m\"); default the first 20 % of the run.",
        HelpName = "duration",
    };

    private readonly Option<double?> _maxGrowth = NumberOption.Create("--max-growth", g => g > 0, "a number of MiB per minute > 0");

    private readonly Option<bool> _failOnLeak = new("--fail-on-leak")
    {
        Description = "Fail the run (exit 99) when the verdict is a leak.",
    };

    private readonly Option<bool> _trace = new("--trace")
    {
        Description = "Record an EventPipe trace of --target-pid during the run (CPU samples, GC and runtime events, counters) as {test}.nettrace beside the reports; open it with PerfView, Visual Studio or dotnet-trace convert.",
    };

    public IEnumerable<Option> Options => [_metrics, _pid, _sampleInterval, _warmUp, _maxGrowth, _failOnLeak, _trace];

    public void AddValidators()
    {
        _pid.Description = "The target's process id on this machine: its working set and CPU are read directly, and --trace records it.";
        _pid.HelpName = "pid";
        _maxGrowth.Description = "The memory growth, in MiB per minute, above which a steady rise is a leak; default 1.";
        _maxGrowth.HelpName = "MiB-per-minute";
        _metrics.RequireHttpUrl();
        foreach (var option in new[] { _sampleInterval, _warmUp })
        {
            option.Validators.Add(r =>
            {
                var text = r.GetValueOrDefault<string>();
                if (!LoadTestConfiguration.TryParseDuration(text, out var d) || d < TimeSpan.Zero)
                {
                    r.AddError($"{option.Name} must be a duration such as 500ms, 30s or 5m (was '{text}').");
                }
            });
        }
    }

    /// <summary>Sets <see cref="LoadTestOptions.Monitor"/> from the options given; the trace goes to <paramref name="outDir"/>.</summary>
    public void Apply(ParseResult parse, LoadTestOptions options, string outDir)
    {
        var given = Options.Any(o => parse.GetResult(o) is { Implicit: false });
        if (!given)
        {
            return;
        }

        var monitor = options.Monitor ??= new TargetMonitorOptions();
        if (parse.GetValue(_metrics) is { } metrics)
        {
            monitor.MetricsUrl = new Uri(metrics);
        }

        if (parse.GetValue(_pid) is { } pid)
        {
            monitor.ProcessId = (int)pid;
        }

        if (parse.GetValue(_sampleInterval) is { } interval && LoadTestConfiguration.TryParseDuration(interval, out var every))
        {
            monitor.SampleInterval = every;
        }

        if (parse.GetValue(_warmUp) is { } warmUp && LoadTestConfiguration.TryParseDuration(warmUp, out var warm))
        {
            monitor.WarmUp = warm;
        }

        if (parse.GetValue(_maxGrowth) is { } growth)
        {
            monitor.MaxGrowthPerMinute = growth * 1024 * 1024;
        }

        monitor.FailOnLeak |= parse.GetValue(_failOnLeak);
        if (parse.GetValue(_trace))
        {
            if (monitor.ProcessId is null)
            {
                throw new CliUsageException("--trace needs --target-pid (or monitor.pid in the test file): the process to trace.");
            }

            monitor.TraceFile = Path.Combine(outDir, LoadTestReports.SafeFileName(options.TestName) + ".nettrace");
        }

        if (monitor.MetricsUrl is null && monitor.ProcessId is null)
        {
            throw new CliUsageException("watching the target needs --target-metrics <url>, --target-pid <pid>, or both.");
        }
    }
}
