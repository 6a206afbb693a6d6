using Cortex.Internal;
using System.CommandLine;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Cli.Internal;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Compare;

/// <summary><c>cortex-load compare baseline.json current.json</c>: a table of every metric compared, the verdict, and exit 1 on a regression at or above <c>--fail-on</c>.</summary>
internal sealed class CompareCommand(CliContext context)
{
    private static readonly string[] Severities = ["minor", "major", "critical"];

    private readonly Argument<string> _baseline = new("baseline") { Description = "The JSON result to compare against." };

    private readonly Argument<string> _current = new("current") { Description = "The JSON result to judge." };

    private readonly Option<double?> _noise = NoiseOption();

    private readonly Option<string> _failOn = new Option<string>("--fail-on")
    {
        Description = "The least severe regression that fails the comparison (exit 1): minor is any regression beyond the noise; major is worse by more than 30%; critical by more than 50% on p95, p99, error rate or throughput.",
        HelpName = "severity",
        DefaultValueFactory = _ => "minor",
    }.AcceptOnlyFromAmong(Severities);

    public Command Build()
    {
        var command = new Command("compare", "Compare a run with a baseline run; exit 1 when it regressed.") { _baseline, _current, _noise, _failOn };
        command.SetAction((parse, ct) => context.GuardAsync(() => ExecuteAsync(parse, ct), ct));
        return command;
    }

    private static Option<double?> NoiseOption()
    {
        var option = NumberOption.Create("--noise", n => n >= 0, "a percentage >= 0");
        option.Description = $"Changes smaller than this, in percent, are noise (default {new RegressionOptions().NoisePercent}).";
        option.HelpName = "percent";
        return option;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var baseline = await ResultFiles.ReadAsync(parse.GetValue(_baseline)!, cancellationToken).ConfigureAwait(false);
        var current = await ResultFiles.ReadAsync(parse.GetValue(_current)!, cancellationToken).ConfigureAwait(false);
        var failOn = Enum.Parse<RegressionSeverity>(parse.GetValue(_failOn)!, ignoreCase: true);
        var report = RegressionDetector.Compare(baseline, current, new RegressionOptions { NoisePercent = parse.GetValue(_noise) ?? new RegressionOptions().NoisePercent });

        var console = context.Console;
        if (!string.Equals(baseline.TestName, current.TestName, StringComparison.Ordinal))
        {
            console.MarkupLine($"[yellow]note[/]: comparing two different tests, '{Markup.Escape(baseline.TestName)}' and '{Markup.Escape(current.TestName)}'.");
        }

        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]note[/]: {Markup.Escape(warning)}.");
        }

        console.WriteLine($"baseline: {report.Baseline}");
        console.WriteLine($"current:  {report.Current}");
        var table = new Table().AddColumns("scope", "metric", "baseline", "current", "change", "verdict");
        foreach (var c in report.Comparisons)
        {
            table.AddRow(Markup.Escape(c.Scope), c.Metric, Value(c.Metric, c.Baseline), Value(c.Metric, c.Current), Figures.Change(c.ChangePercent), Severity(c));
        }

        console.Write(table);
        console.WriteLine("verdict: " + report.Verdict);
        var failed = report.Severity >= failOn;
        console.MarkupLine(failed
            ? $"[red]REGRESSED[/]: {report.Severity.ToString().ToLowerInvariant()}, at or above --fail-on {failOn.ToString().ToLowerInvariant()}"
            : $"[green]OK[/]: no regression at or above --fail-on {failOn.ToString().ToLowerInvariant()}");
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static string Value(string metric, double value) => metric switch
    {
        "error_rate" => Figures.Percent(value),
        "throughput" => Figures.PerSecond(value),
        _ => Figures.Milliseconds(value),
    };

    private static string Severity(MetricComparison c) => c.Severity switch
    {
        RegressionSeverity.Critical => "[red]critical[/]",
        RegressionSeverity.Major => "[red]major[/]",
        RegressionSeverity.Minor => "[yellow]minor[/]",
        _ => c.WithinNoise ? "[grey]noise[/]" : c.Improved ? "[green]improved[/]" : "[green]none[/]",
    };
}
