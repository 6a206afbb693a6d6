using Cortex.Tests.Shared;
using OpenQA.Selenium;

namespace Cortex.Samples.QuickStart.Tests;

/// <summary>The quick start's two HTML reports as a reader sees them: opened in a real headless Chromium.</summary>
public sealed class ReportsInBrowserTests : IDisposable
{
    // For every status badge and cell: its computed text colour, and the first non-transparent background behind it.
    private const string StatusColours = """
        return [...document.querySelectorAll('.verdict, td.fail, td.missed, td.nodata')].map(e => {
          let b = e;
          while (b && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(b).backgroundColor)) b = b.parentElement;
          return (e.textContent.trim() || '?') + '|' + getComputedStyle(e).color + '|' + (b ? getComputedStyle(b).backgroundColor : 'rgb(255, 255, 255)');
        });
        """;

    // For every chart: its id, what it draws (the points of its longest line, or its bars), how wide that is drawn, its own
    // width, and whether it says it has nothing to show.
    private const string Charts = """
        return [...document.querySelectorAll('svg.chart')].map(svg => {
          const lines = [...svg.querySelectorAll('polyline')];
          const bars = [...svg.querySelectorAll('rect:not(.track)')];
          const marks = lines.length ? Math.max(...lines.map(l => l.points.numberOfItems)) : bars.length;
          // Bars side by side (a distribution) are drawn as wide as they span together, from the first's left to the last's right.
          const boxes = bars.map(b => b.getBoundingClientRect());
          const span = boxes.length ? Math.max(...boxes.map(b => b.right)) - Math.min(...boxes.map(b => b.left)) : 0;
          const width = Math.max(0, span, ...lines.map(e => e.getBoundingClientRect().width));
          return svg.id + '|' + marks + '|' + width + '|' + svg.getBoundingClientRect().width + '|' + (svg.querySelector('.empty') ? 'empty' : '')
            + '|' + (lines.length ? 'line' : 'bars');
        });
        """;

    private readonly string _output = Path.Combine(Path.GetTempPath(), $"cortex-quickstart-browser-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task Reports_OpenedInChromium_StatusesReadableAndNoChartEmpty()
    {
        using var browser = HeadlessChromium.StartOrSkip();
        using var console = new StringWriter();
        var exit = await QuickStartApp.RunAsync(["--duration", "4", "--out", _output], console, TestContext.Current.CancellationToken);
        Assert.True(exit == QuickStartApp.Passed, console.ToString());

        var reports = new[] { Path.Combine(_output, "smoke.html"), Assert.Single(Directory.GetFiles(_output, "slo-report-*.html")) };
        foreach (var report in reports)
        {
            var name = Path.GetFileNameWithoutExtension(report);
            browser.Driver.Navigate().GoToUrl(new Uri(report).AbsoluteUri);
            browser.WaitFor(d => d.FindElements(By.CssSelector("svg.chart")).Count > 0, $"{name}: the page shows its charts");
            var screenshot = browser.SaveScreenshot($"report-{(name.StartsWith("slo", StringComparison.Ordinal) ? "slo" : "load-test")}.png");
            TestContext.Current.AddAttachment(Path.GetFileName(screenshot), screenshot);

            var statuses = ((IEnumerable<object>)browser.Driver.ExecuteScript(StatusColours)!).Select(o => ((string)o).Split('|')).ToList();
            Assert.NotEmpty(statuses);
            Assert.All(statuses, s => Assert.True(s[1] != s[2], $"{name}: '{s[0]}' is drawn in {s[1]} on {s[2]}"));

            var charts = ((IEnumerable<object>)browser.Driver.ExecuteScript(Charts)!).Select(o => ((string)o).Split('|')).ToList();
            Assert.True(charts.Count >= 3, $"{name}: {charts.Count} charts");
            Assert.All(charts, c =>
            {
                var width = double.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture);
                var chartWidth = double.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture);
                var marks = int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(c[4] != "empty" && marks >= (c[5] == "line" ? 2 : 1) && width > chartWidth / 4,
                    $"{name}: chart {c[0]} draws {marks} {(c[5] == "line" ? "points" : "bars")} over {width:0} of {chartWidth:0} px{(c[4] == "empty" ? ", and says it is empty" : "")}");
            });
        }
    }
}
