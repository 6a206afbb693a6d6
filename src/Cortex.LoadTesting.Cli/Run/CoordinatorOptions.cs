using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Distributed;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>
/// <c>run --coordinator redis://… --agents N</c>: the options of a distributed run whose agents meet on Redis, and how
/// one agent runs it. Every agent prints the run's merged verdict and exits by it; the leader (agent 1) writes the reports,
/// or when it was lost, the lowest-numbered agent left.
/// </summary>
internal sealed class CoordinatorOptions(CliContext context)
{
    private readonly Option<string> _coordinator = new("--coordinator")
    {
        Description = "Run as one agent of a distributed run that meets on this Redis (redis://[user:password@]host[:port][/db], rediss:// for TLS): "
            + "the agents get their segments from it, start together, are judged together, stop together; agent 1 writes the reports.",
        HelpName = "redis-url",
    };

    private readonly Option<double?> _agents = NumberOption.Create("--agents", n => n >= 1 && n <= LoadTestCoordinatorOptions.MaxAgents && n == Math.Floor(n), "a whole number of agents from 1 to 1,000");

    private readonly Option<string> _runId = new("--run-id")
    {
        Description = "The name the run's Redis keys are kept under; the same for every agent of one run. Default: the test's name.",
        HelpName = "id",
    };

    private readonly Option<string> _rendezvousTimeout = new("--rendezvous-timeout")
    {
        Description = "How long an agent waits for the others (\"30s\", \"5m\"); default 2m.",
        HelpName = "duration",
    };

    public IEnumerable<Option> Options => [_coordinator, _agents, _runId, _rendezvousTimeout];

    public Option SegmentConflict => _coordinator;

    public void AddValidators(Command command)
    {
        _agents.Description = "How many agents run the test together (with --coordinator).";
        _agents.HelpName = "n";
        _coordinator.Validators.Add(r =>
        {
            if (LoadTestCoordinatorOptions.ValidateUrl(r.GetValueOrDefault<string>()) is { } problem)
            {
                r.AddError("--coordinator " + problem);
            }
        });
        _runId.Validators.Add(r =>
        {
            if (LoadTestCoordinatorOptions.ValidateRunId(r.GetValueOrDefault<string>() ?? "") is { } problem)
            {
                r.AddError("--run-id " + problem + ".");
            }
        });
        _rendezvousTimeout.Validators.Add(r =>
        {
            var text = r.GetValueOrDefault<string>();
            if (!LoadTestConfiguration.TryParseDuration(text, out var d) || d <= TimeSpan.Zero || d > TimeSpan.FromDays(1))
            {
                r.AddError($"--rendezvous-timeout must be a duration > 0 and at most a day, such as 30s or 5m (was '{text}').");
            }
        });
        command.Validators.Add(r =>
        {
            var coordinated = r.GetResult(_coordinator) is not null;
            if (coordinated != (r.GetResult(_agents) is not null))
            {
                r.AddError(coordinated ? "--coordinator needs --agents <n>, how many agents run the test together." : "--agents applies with --coordinator <redis-url> only.");
            }

            foreach (var option in new Option[] { _runId, _rendezvousTimeout })
            {
                if (!coordinated && r.GetResult(option) is not null)
                {
                    r.AddError($"{option.Name} applies with --coordinator <redis-url> only.");
                }
            }
        });
    }

    public bool IsSet(ParseResult parse) => parse.GetValue(_coordinator) is not null;

    /// <summary>Runs this process as one agent: joins, waits for the others, runs its segment, collects and merges every result.</summary>
    /// <returns>The exit code: the merged run's verdict, as a single run's; 1 when agents' results are missing.</returns>
    public async Task<int> RunAsync(ParseResult parse, LoadTestOptions options, IServiceProvider services, RunView view, string outDir, ReportFormats formats, bool quiet, CancellationToken cancellationToken)
    {
        var coordinator = new LoadTestCoordinatorOptions
        {
            Url = parse.GetValue(_coordinator)!,
            Agents = (int)parse.GetValue(_agents)!.Value,
            RunId = parse.GetValue(_runId),
        };
        if (LoadTestConfiguration.TryParseDuration(parse.GetValue(_rendezvousTimeout), out var timeout))
        {
            coordinator.RendezvousTimeout = timeout;
        }

        // Validated before it takes a place in the run: an agent that then failed would leave the others waiting.
        var factory = services.GetRequiredService<LoadTestFrameworkFactory>();
        _ = factory.Create(options);
        await using var agent = await LoadTestAgent.JoinAsync(coordinator, options, services.GetService<ILogger<LoadTestAgent>>(), cancellationToken: cancellationToken).ConfigureAwait(false);
        options.Segment = agent.Segment;
        var framework = factory.Create(options);

        // Every agent, not only the leader: any of them may have to write the reports if the leader is lost.
        ReportFiles.EnsureDirectory(outDir, "--out");

        if (!quiet)
        {
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agent {agent.Index} of {agent.Agents} (segment {agent.Segment}) of run '{agent.RunId}' on {agent.Coordinator}: waiting for the others."));
        }

        await agent.WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        var own = await new RunMonitor(context.Console, framework, view, agent.ExecuteAsync).RunAsync(cancellationToken).ConfigureAwait(false);
        var run = await agent.CollectAsync(own, CancellationToken.None).ConfigureAwait(false);

        context.Console.WriteLine(Describe(agent, own, run));
        IReadOnlyList<string> written = [];
        if (run.IsLeader)
        {
            written = await ReportFiles.WriteAsync(run.Merged, outDir, formats, CancellationToken.None).ConfigureAwait(false);
        }
        else if (!quiet)
        {
            context.Console.WriteLine(run.Reporter == 1
                ? "the reports are written by agent 1 (the leader)."
                : string.Create(CultureInfo.InvariantCulture, $"the reports are written by agent {run.Reporter} (the first agent left)."));
        }

        RunSummary.Write(context.Console, run.Merged, written, cancelled: cancellationToken.IsCancellationRequested, quiet);
        if (run.Missing.Count > 0)
        {
            var why = run.Lost.Count == run.Missing.Count
                ? string.Create(CultureInfo.InvariantCulture, $"lost during the run (no heartbeat for {coordinator.AgentTimeout.TotalSeconds:0} s)")
                : string.Create(CultureInfo.InvariantCulture, $"within the graceful stop + {coordinator.ResultTimeout.TotalSeconds:0} s");
            context.WriteError($"agents {string.Join(", ", run.Missing)} of {agent.Agents} sent no result: {why}; the merged figures cover the others only.");
            return ExitCodes.Failure;
        }

        return run.Merged.Passed ? ExitCodes.Success : ExitCodes.ThresholdsFailed;
    }

    /// <summary>This agent's share and how the agents started: <c>agent 2 of 3 (segment 2/3): 80 requests in 2.1 s, completed; 3 agents started within 4 ms</c>.</summary>
    private static string Describe(LoadTestAgent agent, LoadTestResult own, DistributedRunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"agent {agent.Index} of {agent.Agents} (segment {agent.Segment}): {own.Requests.Count} requests in {own.Duration.TotalSeconds:0.000} s, {own.Status.ToString().ToLowerInvariant()}; "
        + $"{run.Agents.Count} agents started within {run.StartSkew.TotalMilliseconds:0} ms of each other; the run: {run.Merged.Requests.Count} requests.");
}
