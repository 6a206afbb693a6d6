using Cortex.Slo.Storage;

namespace Cortex.Slo.Tests.Storage;

public sealed class CounterSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sum_AddsOverMinutes_SumsWithinWindow()
    {
        var counters = new CounterSeries(TimeSpan.FromDays(7));
        for (var minute = 0; minute < 10; minute++)
        {
            counters.Add("cortex.zai.cache.hits", 3);
            counters.Add("cortex.zai.cache.hits", 1);
            counters.Add("cortex.zai.cache.misses", minute);
            counters.Collect(Start.AddMinutes(minute));
        }

        var now = Start.AddMinutes(9).AddSeconds(30);
        Assert.Equal(40, counters.Sum("cortex.zai.cache.hits", TimeSpan.FromHours(1), now));
        Assert.Equal(8, counters.Sum("cortex.zai.cache.hits", TimeSpan.FromMinutes(1), now));
        Assert.Equal(4 + 5 + 6 + 7 + 8 + 9, counters.Sum("cortex.zai.cache.misses", TimeSpan.FromMinutes(5), now));
        Assert.Equal(0, counters.Sum("cortex.zai.dedup.joins", TimeSpan.FromHours(1), now));
    }

    [Fact]
    public void Sum_PastRetention_DropsOldMinutes()
    {
        var counters = new CounterSeries(TimeSpan.FromHours(1));
        counters.Add("errors", 5);
        counters.Collect(Start);
        counters.Add("errors", 1);
        counters.Collect(Start.AddMinutes(90));

        Assert.Equal(1, counters.Sum("errors", TimeSpan.FromDays(1), Start.AddMinutes(90)));
    }

    [Fact]
    public async Task Add_TwoConcurrentWriters_SumsExactly()
    {
        var counters = new CounterSeries(TimeSpan.FromDays(7));
        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(
            () =>
            {
                for (var i = 0; i < 100_000; i++)
                {
                    counters.Add("hits", 1);
                }
            },
            TestContext.Current.CancellationToken)).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            counters.Collect(Start);
        }

        await Task.WhenAll(writers);
        counters.Collect(Start.AddMinutes(1));

        Assert.Equal(200_000, counters.Sum("hits", TimeSpan.FromHours(1), Start.AddMinutes(1)));
    }
}
