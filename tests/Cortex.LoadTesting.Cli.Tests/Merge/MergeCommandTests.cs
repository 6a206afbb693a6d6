using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class MergeCommandTests(RecordedRuns runs)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Merge_TwoSegmentsOfAnArrivalRateRun_AddUpToTheWholeRun()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("rate.json", Configs.ArrivalRate("rate", rate: 100, seconds: 1));
        var segments = await Task.WhenAll(
            Cli.RunAsync(Ct, "run", "--config", config, "--segment", "1/2", "--out", dir.File("one"), "--format", "json"),
            Cli.RunAsync(Ct, "run", "--config", config, "--segment", "2/2", "--out", dir.File("two"), "--format", "json"));
        Assert.All(segments, s => Assert.True(s.ExitCode == ExitCodes.Success, s.ToString()));
        var merged = dir.File("merged/merged.json");

        var merge = await Cli.RunAsync(Ct, "merge", dir.File("one/rate.json"), dir.File("two/rate.json"), "--out", merged, "--format", "html");

        Assert.True(merge.ExitCode == ExitCodes.Success, merge.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(merged, Ct));
        Assert.Equal(100, result.Iterations.Started);
        Assert.Equal(ExecutionSegment.Full, result.Segment);
        Assert.Equal(result.Iterations.Started, result.Requests.Count);
        Assert.True(File.Exists(dir.File("merged/rate.html")));
        Assert.False(File.Exists(dir.File("merged/rate.json")));
        Assert.Contains("merged 2 results of 'rate' (segment 1/1)", merge.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_ResultsOfSeparateRuns_ExitCode2()
    {
        using var dir = new TempDirectory();

        var merge = await Cli.RunAsync(Ct, "merge", runs.FastPath, runs.SlowPath, "--out", dir.File("merged.json"));

        Assert.True(merge.ExitCode == ExitCodes.BadInput, merge.ToString());
        Assert.Contains("these results cannot be merged:", merge.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("merged.json")));
    }

    [Fact]
    public async Task Merge_NoResults_ExitCode2()
    {
        var merge = await Cli.RunAsync(Ct, "merge");

        Assert.True(merge.ExitCode == ExitCodes.BadInput, merge.ToString());
        Assert.Contains("Run 'cortex-load merge --help' for usage.", merge.Error, StringComparison.Ordinal);
    }
}
