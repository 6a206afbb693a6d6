using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Tests.Internal;

public sealed class ResultFinisherTests
{
    [Fact]
    public void Finish_RampingRunWithABreakpoint_RecommendsItsSustainableLoad()
    {
        var points = new List<TimelinePoint>();
        foreach (var rate in new[] { 100, 200, 300, 400 })
        {
            for (var i = 0; i < 3; i++)
            {
                points.Add(SampleResults.Point(points.Count, rate, SampleResults.Spread(rate, rate < 400 ? 8 : 80, rate < 400 ? 12 : 120)));
            }
        }

        var thresholds = new[] { new CompiledThreshold(ThresholdExpression.Parse("p(95)<50"), null, CompiledThreshold.ThresholdSource, false, TimeSpan.Zero) };
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, points);

        var finished = ResultFinisher.Finish(result, thresholds, maxUsers: 100);
        var withoutBreakpoints = ResultFinisher.Finish(result, thresholds, maxUsers: 100, analyzeBreakpoints: false);

        Assert.Equal(300, finished.Breakpoint!.MaxSustainableLoad);
        var capacity = Assert.Single(finished.Recommendations, r => r.Category == RecommendationCategory.Capacity);
        Assert.StartsWith("Sustains 300 iterations/s (300 requests/s) with every threshold held; at 400 iterations/s it broke: p(95)<50 observed 11", capacity.Message, StringComparison.Ordinal);
        Assert.Contains("p95 first jumped", capacity.Message, StringComparison.Ordinal);
        Assert.Null(withoutBreakpoints.Breakpoint);
        Assert.DoesNotContain(withoutBreakpoints.Recommendations, r => r.Category == RecommendationCategory.Capacity);
    }
}
