using Cortex.Internal;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Tests.Internal;

public class SvgLineChartTests
{
    [Theory]
    [InlineData(4, 4, 1)]
    [InlineData(500, 600, 200)]
    [InlineData(137, 150, 50)]
    [InlineData(0.03, 0.03, 0.01)]
    [InlineData(0, 1, 0.5)]
    [InlineData(double.NaN, 1, 0.5)]
    public void Axis_AnyMax_RoundTicksCoveringIt(double max, double expectedMax, double expectedStep)
    {
        var (top, step) = SvgLineChart.Axis(max);

        Assert.Equal(expectedMax, top, 9);
        Assert.Equal(expectedStep, step, 9);
    }
}
