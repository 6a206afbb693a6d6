using Cortex.Slo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Cortex.Slo.Tests.Storage;

public sealed class SloSnapshotTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Thresholds = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];
    private static readonly TimeSpan[] Windows = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(30)];
    private readonly string _directory = Directory.CreateTempSubdirectory("cortex-slo-").FullName;

    private string SnapshotPath => Path.Combine(_directory, "slo.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TryLoadAsync_AfterSaveAsync_RestoresCountsHistogramsPointsAndCounters()
    {
        var (series, counters, now) = await SaveFilledAsync(minutes: 26 * 60);

        var (restored, restoredCounters) = await LoadAsync();

        foreach (var name in series.Keys)
        {
            Assert.Equal(series[name].FirstDataAt, restored[name].FirstDataAt);
            foreach (var window in Windows)
            {
                var (before, after) = (series[name].Counts(window, now), restored[name].Counts(window, now));
                Assert.Equal((before.Count, before.Errors, before.Covered), (after.Count, after.Errors, after.Covered));
                Assert.Equal(before.GoodBelow, after.GoodBelow);
                var (expected, actual) = (series[name].Histogram(window, now), restored[name].Histogram(window, now));
                Assert.Equal(expected.TotalCount, actual.TotalCount);
                Assert.Equal(expected.GetValueAtPercentile(95), actual.GetValueAtPercentile(95));
                Assert.Equal(expected.GetValueAtPercentile(99.9), actual.GetValueAtPercentile(99.9));
            }

            Assert.Equal(series[name].Points(now.AddDays(-2), now, TimeSpan.FromMinutes(1)), restored[name].Points(now.AddDays(-2), now, TimeSpan.FromMinutes(1)));
            Assert.Equal(series[name].Points(now.AddDays(-2), now, TimeSpan.FromHours(1)), restored[name].Points(now.AddDays(-2), now, TimeSpan.FromHours(1)));
        }

        Assert.Equal(counters.Sum("cortex.zai.cache.hits", TimeSpan.FromDays(1), now), restoredCounters.Sum("cortex.zai.cache.hits", TimeSpan.FromDays(1), now));
        Assert.Equal(26 * 60 * 2, restoredCounters.Sum("cortex.zai.cache.hits", TimeSpan.FromDays(7), now));
    }

    [Fact]
    public async Task TryLoadAsync_FileWithoutHourlyCounts_RebuildsThemFromItsMinutes()
    {
        var (series, _, now) = await SaveFilledAsync(minutes: 20 * 60);

        // A file as earlier versions wrote it: minutes and histograms only.
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(SnapshotPath, TestContext.Current.CancellationToken))!;
        foreach (var saved in json["series"]!.AsArray())
        {
            var fields = saved!.AsObject();
            Assert.True(fields.Remove("hourColumns") && fields.Remove("dayHistograms") && fields.Remove("firstMinute"));
        }

        await File.WriteAllTextAsync(SnapshotPath, json.ToJsonString(), TestContext.Current.CancellationToken);
        var (restored, _) = await LoadAsync();

        foreach (var name in series.Keys)
        {
            foreach (var window in Windows)
            {
                var (before, after) = (series[name].Counts(window, now), restored[name].Counts(window, now));
                Assert.Equal((before.Count, before.Errors, before.GoodBelow[1]), (after.Count, after.Errors, after.GoodBelow[1]));
                Assert.Equal(series[name].Histogram(window, now).TotalCount, restored[name].Histogram(window, now).TotalCount);
            }

            Assert.Equal(series[name].Points(now.AddDays(-1), now, TimeSpan.FromHours(1)), restored[name].Points(now.AddDays(-1), now, TimeSpan.FromHours(1)));
        }
    }

    [Fact]
    public async Task TryLoadAsync_RestoredSeries_KeepsCollecting()
    {
        var (series, _, now) = await SaveFilledAsync(minutes: 90);
        var (restored, _) = await LoadAsync();

        // A restart ten minutes later: the new minute adds to the history.
        var later = now.AddMinutes(10);
        restored["requests"].Record(TimeSpan.FromMilliseconds(5), success: false);
        restored["requests"].Collect(later);

        var counts = restored["requests"].Counts(TimeSpan.FromDays(1), later);
        Assert.Equal(series["requests"].Counts(TimeSpan.FromDays(1), now).Count + 1, counts.Count);
        Assert.Equal(series["requests"].Counts(TimeSpan.FromDays(1), now).Errors + 1, counts.Errors);
    }

    [Fact]
    public async Task TryLoadAsync_NewThreshold_EstimatesGoodBelowFromHistograms()
    {
        var (series, _, now) = await SaveFilledAsync(minutes: 30);

        TimeSpan[] changedThresholds = [TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300)];
        var changed = new Dictionary<string, SliSeries> { ["requests"] = new("requests", changedThresholds, TimeSpan.FromDays(7)) };
        Assert.True(await SloSnapshot.TryLoadAsync(SnapshotPath, changed, new CounterSeries(TimeSpan.FromDays(7)), NullLogger.Instance, TestContext.Current.CancellationToken));
        var truth = new Dictionary<string, SliSeries> { ["requests"] = new("requests", changedThresholds, TimeSpan.FromDays(7)) };
        Fill(truth, new CounterSeries(TimeSpan.FromDays(7)), minutes: 30);

        // 1 s was saved; 300 ms was not, and comes exactly from the minute histograms (all under an hour old).
        Assert.Equal(truth["requests"].Counts(TimeSpan.FromHours(1), now).GoodBelow, changed["requests"].Counts(TimeSpan.FromHours(1), now).GoodBelow);
    }

    [Fact]
    public async Task TryLoadAsync_MissingFile_ReturnsFalse()
    {
        var (series, counters) = Create();

        var loaded = await SloSnapshot.TryLoadAsync(Path.Combine(_directory, "none.json"), series, counters, NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.False(loaded);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"version\":1}")]
    [InlineData("{\"version\":2,\"series\":[],\"counters\":{\"minutes\":[],\"sums\":{}}}")]
    [InlineData("{\"version\":1,\"series\":[{\"name\":\"requests\",\"thresholdsMicros\":[],\"minutes\":[1],\"counts\":[1],\"errors\":[0],\"goodBelow\":[],\"p50Ms\":[1],\"p95Ms\":[1],\"p99Ms\":[1],\"minuteHistograms\":[{\"key\":1,\"data\":\"%%%\"}],\"hourHistograms\":[]}],\"counters\":{\"minutes\":[],\"sums\":{}}}")]
    [InlineData("{\"version\":1,\"series\":[{\"name\":\"requests\",\"thresholdsMicros\":[],\"minutes\":[1],\"counts\":[1],\"errors\":[0],\"goodBelow\":[],\"p50Ms\":[1],\"p95Ms\":[1],\"p99Ms\":[1],\"minuteHistograms\":[{\"key\":1,\"data\":\"AAAA\"}],\"hourHistograms\":[]}],\"counters\":{\"minutes\":[],\"sums\":{}}}")]
    [InlineData("{\"version\":1,\"series\":[{\"name\":\"requests\",\"thresholdsMicros\":[],\"minutes\":[1,2],\"counts\":[1],\"errors\":[0],\"goodBelow\":[],\"p50Ms\":[1],\"p95Ms\":[1],\"p99Ms\":[1],\"minuteHistograms\":[],\"hourHistograms\":[]}],\"counters\":{\"minutes\":[],\"sums\":{}}}")]
    public async Task TryLoadAsync_CorruptFile_LogsWarningAndRestoresNothing(string content)
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(SnapshotPath, content, ct);
        var (series, counters) = Create();
        var logger = new FakeLogger();

        var loaded = await SloSnapshot.TryLoadAsync(SnapshotPath, series, counters, logger, ct);

        Assert.False(loaded);
        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Collector.GetSnapshot()).Level);
        Assert.Null(series["requests"].FirstDataAt);
    }

    [Fact]
    public async Task SaveAsync_Twice_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(_directory, "nested", "slo.json");
        var (series, counters) = Create();
        Fill(series, counters, minutes: 2);
        await SloSnapshot.SaveAsync(path, series, counters, ct);
        var now = Fill(series, counters, minutes: 5);

        await SloSnapshot.SaveAsync(path, series, counters, ct);

        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        var (restored, restoredCounters) = Create();
        Assert.True(await SloSnapshot.TryLoadAsync(path, restored, restoredCounters, NullLogger.Instance, ct));
        Assert.Equal(series["zai"].Counts(TimeSpan.FromDays(1), now).Count, restored["zai"].Counts(TimeSpan.FromDays(1), now).Count);
    }

    private async Task<(Dictionary<string, SliSeries> Series, CounterSeries Counters, DateTimeOffset Now)> SaveFilledAsync(int minutes)
    {
        var (series, counters) = Create();
        var now = Fill(series, counters, minutes);
        await SloSnapshot.SaveAsync(SnapshotPath, series, counters, TestContext.Current.CancellationToken);
        return (series, counters, now);
    }

    private async Task<(Dictionary<string, SliSeries> Series, CounterSeries Counters)> LoadAsync()
    {
        var (series, counters) = Create();
        Assert.True(await SloSnapshot.TryLoadAsync(SnapshotPath, series, counters, NullLogger.Instance, TestContext.Current.CancellationToken));
        return (series, counters);
    }

    private static (Dictionary<string, SliSeries> Series, CounterSeries Counters) Create() =>
        (new[] { "requests", "qdrant", "zai" }.ToDictionary(name => name, name => new SliSeries(name, Thresholds, TimeSpan.FromDays(7))),
         new CounterSeries(TimeSpan.FromDays(7)));

    // Collects `minutes` minutes of varied traffic into every series, starting at Start; returns the last minute's time.
    private static DateTimeOffset Fill(Dictionary<string, SliSeries> series, CounterSeries counters, int minutes)
    {
        var at = Start;
        for (var minute = 0; minute < minutes; minute++)
        {
            at = Start.AddMinutes(minute).AddSeconds(20);
            foreach (var (name, s) in series)
            {
                for (var i = 0; i < 4; i++)
                {
                    s.Record(TimeSpan.FromMicroseconds(50_000 + (((minute * 131) + (i * 977) + name.Length) % 1_500_000)), success: (minute + i) % 7 != 0);
                }

                s.Collect(at);
            }

            counters.Add("cortex.zai.cache.hits", 2);
            counters.Add("cortex.zai.cache.misses", minute % 3);
            counters.Collect(at);
        }

        return at;
    }
}
