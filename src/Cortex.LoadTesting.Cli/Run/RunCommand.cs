using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>
/// <c>cortex-load run</c>: runs a test from <c>--config</c> or <c>--preset</c>, shows it live, writes the reports and
/// exits 0 when every threshold held, 99 when one failed (also after an abort or Ctrl+C), 2 on bad input.
/// </summary>
internal sealed class RunCommand(CliContext context)
{
    private const string JobSegment = "job";

    private readonly CoordinatorOptions _coordinated = new(context);

    private readonly MonitorOptions _monitor = new();

    private readonly Option<string> _config = new("--config", "-c")
    {
        Description = "The load test as JSON (Cortex.LoadTesting's shape: executor, duration, scenarios, thresholds, sloTargets, ...).",
        HelpName = "file",
    };

    private readonly Option<string> _preset = new Option<string>("--preset", "-p")
    {
        Description = "A standard test instead of a file: one scenario that GETs --target and expects 2xx or 3xx.",
    }.AcceptOnlyFromAmong([.. LoadTestPresets.Names]);

    private readonly Option<string> _target = new("--target", "-t")
    {
        Description = "The URL a preset's virtual users GET, for example http://localhost:8080/health.",
        HelpName = "url",
    };

    private readonly Option<double?> _durationFactor = FactorOption(
        "--duration-factor", "Multiplies every duration of the preset (0.05 makes the one-minute smoke test three seconds).");

    private readonly Option<double?> _loadFactor = FactorOption("--load-factor", "Multiplies the preset's virtual users and arrival rates.");

    private readonly Option<string> _segment = new("--segment")
    {
        Description = "Run only segment i of n of the load, for distributed runs; merge the results with 'cortex-load merge'. "
            + "'job' takes it from a Kubernetes Indexed Job: JOB_COMPLETION_INDEX and CORTEX_LOAD_SEGMENTS (the Job's completions).",
        HelpName = "i/n|job",
    };

    private readonly Option<string> _startAt = new("--start-at")
    {
        Description = "Wait until this UTC time (2026-12-03T14:00:00Z) before generating load, so that the segments of a distributed run start together.",
        HelpName = "utc-time",
    };

    private readonly Option<string> _out = ReportFiles.CreateDirectoryOption();

    private readonly Option<string> _format = ReportFormatNames.CreateOption("json,md,html", "The reports to write.");

    private readonly Option<bool> _noLive = new("--no-live")
    {
        Description = "Print one plain line per reporting interval instead of the live view (the default when the output is not a terminal).",
    };

    private readonly Option<string> _duration = new("--duration", "-d")
    {
        Description = "Overrides the test's duration (constant models): \"30s\", \"5m\", \"1h30m\", \"00:01:30\" or seconds.",
        HelpName = "duration",
    };

    private readonly Option<double?> _vus = NumberOption.Create("--vus", n => n >= 1 && n <= 1_000_000 && n == Math.Floor(n), "a whole number of virtual users from 1 to 1,000,000");

    private readonly Option<double?> _rate = NumberOption.Create("--rate", r => r > 0 && r <= 10_000_000, "iterations per second, > 0");

    private readonly Option<string[]> _steps = new("--steps")
    {
        Description = "An assembly of step handlers (public IStepHandler classes) that the test's steps may use besides http and delay; repeat for several.",
        HelpName = "file.dll",
    };

    private readonly Option<bool> _quiet = new("--quiet", "-q")
    {
        Description = "Print only the verdict: no progress and no summary.",
    };

    public Command Build()
    {
        var command = new Command("run", "Run a load test from a JSON file or a preset, show it live, write reports, exit 99 when a threshold fails.")
        {
            _config, _preset, _target, _durationFactor, _loadFactor, _duration, _vus, _rate, _segment, _startAt, _out, _format, _noLive, _quiet, _steps,
        };
        foreach (var option in _coordinated.Options)
        {
            command.Options.Add(option);
        }

        _coordinated.AddValidators(command);
        foreach (var option in _monitor.Options)
        {
            command.Options.Add(option);
        }

        _monitor.AddValidators();
        _segment.Validators.Add(r =>
        {
            try
            {
                var text = r.GetValueOrDefault<string>() ?? "";
                if (!string.Equals(text, JobSegment, StringComparison.Ordinal))
                {
                    ExecutionSegment.Parse(text);
                }
            }
            catch (FormatException ex)
            {
                r.AddError("--segment: " + ex.Message);
            }
        });
        _vus.Description = "Overrides the test's virtual users (constant-vus), as k6's --vus.";
        _vus.HelpName = "n";
        _rate.Description = "Overrides the test's arrival rate (constant-arrival-rate), iterations per second.";
        _rate.HelpName = "per-second";
        _duration.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (ParseDuration(text) is not { } d || d <= TimeSpan.Zero)
            {
                r.AddError($"--duration must be a duration > 0 such as 30s, 5m, 1h30m, 00:01:30 or a number of seconds (was '{text}').");
            }
        });
        _startAt.Validators.Add(r =>
        {
            if (ParseStart(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError($"--start-at must be a UTC time such as 2026-12-03T14:00:00Z (was '{r.GetValueOrDefault<string>()}').");
            }
        });
        _target.RequireHttpUrl();
        command.Validators.Add(ValidateCombination);
        command.SetAction((parse, ct) => context.GuardAsync(() => ExecuteAsync(parse, ct), ct));
        return command;
    }

    private static TimeSpan? ParseDuration(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds < 1e9
            ? TimeSpan.FromSeconds(seconds)
            : LoadTestConfiguration.TryParseDuration(text, out var d) ? d : null;

    /// <summary>
    /// --duration, --vus and --rate, as k6 has them: each changes the one figure of the model it belongs to, and is refused, naming the model, where there is none.
    /// A test whose scenarios have executors of their own refuses them all: one figure cannot mean the same for several executors, so those are set per scenario in the file.
    /// </summary>
    private void ApplyOverrides(ParseResult parse, LoadTestOptions options)
    {
        if (options.Scenarios.FirstOrDefault(s => s.Executor is not null) is { } own)
        {
            var given = new[] { ("--duration", parse.GetValue(_duration) is not null), ("--vus", parse.GetValue(_vus) is not null), ("--rate", parse.GetValue(_rate) is not null) }
                .Where(o => o.Item2).Select(o => o.Item1).ToList();
            if (given.Count > 0)
            {
                throw new CliUsageException($"{string.Join(", ", given)} cannot be used with scenarios that have their own executor (scenario '{own.Name}'): set duration, concurrentUsers or rate on each scenario in the file.");
            }
        }

        var model = options.Model.ToExecutorName();
        if (ParseDuration(parse.GetValue(_duration)) is { } duration)
        {
            options.Duration = options.Model.IsRamping()
                ? throw new CliUsageException($"--duration applies to constant models; this test is {model}, whose length is its stages{(parse.GetValue(_preset) is null ? "" : ": use --duration-factor")}.")
                : duration;
        }

        if (parse.GetValue(_vus) is { } vus)
        {
            options.ConcurrentUsers = options.Model == LoadModel.ConstantVus
                ? (int)vus
                : throw new CliUsageException($"--vus applies to constant-vus; this test is {model}{(options.Model.IsOpen() ? ": use --rate" : "")}.");
        }

        if (parse.GetValue(_rate) is { } rate)
        {
            options.Rate = options.Model == LoadModel.ConstantArrivalRate
                ? rate
                : throw new CliUsageException($"--rate applies to constant-arrival-rate; this test is {model}{(options.Model == LoadModel.ConstantVus ? ": use --vus" : "")}.");
        }
    }

    /// <summary>A UTC instant as ISO 8601 with its zone (<c>Z</c> or an offset), or <see langword="null"/>.</summary>
    private static DateTimeOffset? ParseStart(string? text) =>
        text is not null && text.Length > 10 && (text[^1] is 'Z' or 'z' || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at : null;

    private ExecutionSegment JobSegmentFromEnvironment()
    {
        try
        {
            return ExecutionSegment.FromIndexedJob(context.Environment("JOB_COMPLETION_INDEX"), context.Environment("CORTEX_LOAD_SEGMENTS"));
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"--segment job: {ex.Message} Set CORTEX_LOAD_SEGMENTS to the Job's completions.", ex);
        }
    }

    private async Task WaitForStartAsync(DateTimeOffset startAt, ExecutionSegment segment, bool quiet, CancellationToken cancellationToken)
    {
        var wait = startAt - TimeProvider.System.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            context.WriteError($"--start-at {startAt:u} has passed ({ProgressLine.Duration(-wait)} ago); starting segment {segment} now, so the segments may not add up (merge refuses starts more than one reporting interval apart).");
            return;
        }

        if (!quiet)
        {
            context.Console.WriteLine($"segment {segment}: waiting {ProgressLine.Duration(wait)} until {startAt:u} to start.");
        }

        await Task.Delay(wait, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    private static Option<double?> FactorOption(string name, string description)
    {
        var option = NumberOption.Create(name, f => f > 0, "a number > 0");
        option.Description = description;
        option.HelpName = "factor";
        return option;
    }

    private void ValidateCombination(CommandResult r)
    {
        var config = r.GetResult(_config) is not null;
        var preset = r.GetResult(_preset) is not null;
        if (config == preset)
        {
            r.AddError(config
                ? "--config and --preset cannot be used together; pass one."
                : "pass --config <file> or --preset smoke|load|stress|endurance (with --target <url>).");
            return;
        }

        if (preset && r.GetResult(_target) is null)
        {
            r.AddError("--preset needs --target <url>, the URL its virtual users GET.");
        }

        foreach (var option in new Option[] { _segment, _startAt })
        {
            if (r.GetResult(option) is not null && r.GetResult(_coordinated.SegmentConflict) is not null)
            {
                r.AddError($"{option.Name} and --coordinator cannot be used together: the coordinator gives each agent its segment and the common start.");
            }
        }

        if (config)
        {
            // A file says exactly what it runs; scaling it silently would make its results incomparable with its thresholds.
            foreach (var option in new Option[] { _target, _durationFactor, _loadFactor })
            {
                if (r.GetResult(option) is not null)
                {
                    r.AddError($"{option.Name} applies to --preset only; with --config, change the file (duration, concurrentUsers, rate, stages, step urls).");
                }
            }
        }
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var formats = ReportFormatNames.Parse(parse.GetValue(_format));
        var outDir = parse.GetValue(_out) ?? ReportFiles.DefaultDirectory;
        var options = BuildOptions(parse);
        _monitor.Apply(parse, options, outDir);

        var services = new ServiceCollection().AddCortexLoadTesting().Services.BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            if (_coordinated.IsSet(parse))
            {
                return await _coordinated.RunAsync(parse, options, services, ViewOf(parse), outDir, formats, parse.GetValue(_quiet), cancellationToken).ConfigureAwait(false);
            }

            var framework = CreateFactory(parse, services).Create(options);
            ReportFiles.EnsureDirectory(outDir, "--out");
            var quiet = parse.GetValue(_quiet);
            var view = ViewOf(parse);
            if (ParseStart(parse.GetValue(_startAt)) is { } startAt)
            {
                await WaitForStartAsync(startAt, options.Segment, quiet, cancellationToken).ConfigureAwait(false);
            }

            var result = await new RunMonitor(context.Console, framework, view).RunAsync(cancellationToken).ConfigureAwait(false);

            // The run is over even when Ctrl+C cancelled the token: its reports are written regardless.
            var written = await ReportFiles.WriteAsync(result, outDir, formats, CancellationToken.None).ConfigureAwait(false);
            RunSummary.Write(context.Console, result, written, cancelled: cancellationToken.IsCancellationRequested, quiet);
            return result.Passed ? ExitCodes.Success : ExitCodes.ThresholdsFailed;
        }
    }

    /// <summary>The registered factory, or, with <c>--steps</c>, one over the built-in steps and the assemblies' handlers.</summary>
    private LoadTestFrameworkFactory CreateFactory(ParseResult parse, ServiceProvider services)
    {
        if (parse.GetValue(_steps) is not { Length: > 0 } paths)
        {
            return services.GetRequiredService<LoadTestFrameworkFactory>();
        }

        var builtIn = services.GetServices<Cortex.Abstractions.Steps.IStepHandler>().ToList();
        var loaded = StepAssemblies.Load(paths, services, builtIn);
        return new LoadTestFrameworkFactory(
            [.. builtIn, .. loaded],
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<LoadTestFramework>>(),
            services.GetRequiredService<TimeProvider>());
    }

    private RunView ViewOf(ParseResult parse) =>
        parse.GetValue(_quiet) ? RunView.Silent
        : !parse.GetValue(_noLive) && CliConsole.CanRedraw(context.Console) ? RunView.Live
        : RunView.Lines;

    private LoadTestOptions BuildOptions(ParseResult parse)
    {
        LoadTestOptions options;
        if (parse.GetValue(_config) is { } config)
        {
            if (!File.Exists(config))
            {
                throw new CliUsageException($"--config '{config}' does not exist.");
            }

            options = LoadTestConfiguration.Load(config);
        }
        else
        {
            var target = new Uri(parse.GetValue(_target)!);
            var scenario = new ScenarioOptions { Name = "http" };
            scenario.Steps.Add(new StepOptions
            {
                Name = "get",
                Type = "http",
                Parameters = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["url"] = target.AbsoluteUri }),
            });
            var scale = new PresetScale(parse.GetValue(_durationFactor) ?? 1, parse.GetValue(_loadFactor) ?? 1);
            options = LoadTestPresets.Create(parse.GetValue(_preset)!, [scenario], scale);
        }

        ApplyOverrides(parse, options);
        if (parse.GetValue(_segment) is { } segment)
        {
            options.Segment = segment == JobSegment ? JobSegmentFromEnvironment() : ExecutionSegment.Parse(segment);
        }

        return options;
    }
}
