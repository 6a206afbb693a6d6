using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.LoadTesting.Tests.Reports;

/// <summary>
/// The figures k6 and NBomber users look for, read from the reports of a real run over real HTTP: the setup, data sent
/// and received (checked against what the server counted), the latency distribution, error rate over time, threshold
/// lines, per-step latency, and values on hover.
/// </summary>
public sealed class LoadTestReportsRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToHtml_RealHttpRun_ShowsSetupDataDistributionErrorRateThresholdsStepsAndHoverValues()
    {
        await using var target = await Target.StartAsync(Ct);
        var (result, html, markdown) = await RunAsync(target);
        var page = HtmlPages.Parse(html);

        // Data: what the run counted is what the server counted, both ways.
        Assert.True(result.Requests.BytesSent > 0, "no bytes sent");
        Assert.Equal(target.BodyBytesReceived, result.Requests.BytesSent);
        Assert.Equal(target.BodyBytesSent, result.Requests.BytesReceived);
        var steps = result.Scenarios.Single().Steps;
        Assert.Equal(result.Requests.BytesSent, steps.Sum(s => s.BytesSent));
        Assert.Equal(Upload.Length * steps.Single(s => s.Name == "upload").Count, steps.Single(s => s.Name == "upload").BytesSent);
        Assert.Equal(Figures(result.Requests.BytesSent), Value(page, "Data sent").Split(" (")[0]);

        // Setup.
        Assert.Equal(target.Origin, Value(page, "Target"));
        Assert.Equal("2", Value(page, "Virtual users"));
        Assert.Equal("3 s", Value(page, "Planned duration"));

        // Latency distribution: every request in one bar, each bar with its range and count on hover.
        var bars = page.QuerySelectorAll("#chart-distribution rect.bar");
        Assert.NotEmpty(bars);
        Assert.Equal(result.Requests.Count, bars.Sum(b => long.Parse(b.GetAttribute("data-count")!, CultureInfo.InvariantCulture)));
        Assert.All(bars, b => Assert.Matches(@"ms to .* ms: [\d,]+ requests", b.QuerySelector("title")!.TextContent));

        // Error rate over time, a fraction per interval; /fetch fails one call in four, so some interval shows it.
        var rates = Values(page.QuerySelector("#chart-error-rate polyline")!);
        Assert.All(rates, r => Assert.InRange(r, 0, 1));
        Assert.Contains(rates, r => r > 0);

        // Threshold lines at their value on the y axis of the chart they judge.
        AssertThresholdLine(page, "chart-latency", 2000);
        AssertThresholdLine(page, "chart-error-rate", 0.5);
        AssertThresholdLine(page, "chart-steps", 1500);

        // One p95 series per step.
        var stepLines = page.QuerySelectorAll("#chart-steps polyline");
        Assert.Equal(["upload", "fetch"], stepLines.Select(l => l.GetAttribute("data-series")));
        Assert.All(stepLines, l => Assert.Contains(Values(l), v => v > 0));

        // Values on hover: one titled point per value of every line.
        var latencyPoints = page.QuerySelectorAll("#chart-latency circle.point");
        Assert.Equal(3 * Values(page.QuerySelector("#chart-latency polyline")!).Count, latencyPoints.Length);
        Assert.All(latencyPoints, p => Assert.Matches(@"^[\d.,]+s: p(50|95|99) [\d.,]+$", p.QuerySelector("title")!.TextContent));

        // Nothing external.
        Assert.Empty(page.QuerySelectorAll("script[src], link[href], img[src]"));

        // The Markdown report states the same setup and data.
        Assert.Contains($"| Target | {target.Origin} |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Virtual users | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains($"| Data sent | {Figures(result.Requests.BytesSent)} (", markdown, StringComparison.Ordinal);
        Assert.Contains($"| Data received | {Figures(result.Requests.BytesReceived)} (", markdown, StringComparison.Ordinal);
    }

    private static readonly byte[] Upload = new byte[700];
    private static readonly byte[] Download = new byte[1300];

    private static async Task<(LoadTestResult Result, string Html, string Markdown)> RunAsync(Target target)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        var scenario = new ScenarioOptions { Name = "s" };
        scenario.Steps.Add(Plans.Step("upload", "http", new { method = "POST", url = target.Url("upload"), body = new string('x', Upload.Length), expectedStatus = 200 }));
        scenario.Steps.Add(Plans.Step("fetch", "http", new { url = target.Url("fetch") }));
        scenario.ThinkTime = ThinkTime.Fixed(TimeSpan.FromMilliseconds(5));
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 2;
        options.Duration = TimeSpan.FromSeconds(3);
        options.ReportingInterval = TimeSpan.FromMilliseconds(500);
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<2000" });
        options.Thresholds.Add(new ThresholdOptions { Expression = "rate<0.5" });
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<1500", Step = "fetch" });

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);
        return (result, LoadTestReports.ToHtml(result), LoadTestReports.ToMarkdown(result));
    }

    private static void AssertThresholdLine(IDocument page, string chart, double value)
    {
        var line = page.QuerySelectorAll($"#{chart} line.threshold").Single(l => double.Parse(l.GetAttribute("data-value")!, CultureInfo.InvariantCulture) == value);
        var grid = page.QuerySelectorAll($"#{chart} line.grid")
            .Select(g => (Value: double.Parse(g.GetAttribute("data-value")!, CultureInfo.InvariantCulture), Y: Y(g)))
            .ToList();
        var (zero, top) = (grid.Single(g => g.Value == 0), grid.MaxBy(g => g.Value));
        var expected = zero.Y + ((top.Y - zero.Y) * value / top.Value);
        Assert.InRange(Y(line), expected - 0.2, expected + 0.2);
        Assert.Equal(Y(line), double.Parse(line.GetAttribute("y2")!, CultureInfo.InvariantCulture));
        Assert.NotEmpty(line.QuerySelector("title")!.TextContent);
    }

    private static double Y(IElement line) => double.Parse(line.GetAttribute("y1")!, CultureInfo.InvariantCulture);

    private static List<double> Values(IElement polyline) =>
        [.. polyline.GetAttribute("data-values")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    private static string Value(IDocument page, string metric) =>
        page.QuerySelectorAll("tr").First(tr => tr.Children.Length == 2 && tr.Children[0].TextContent == metric).Children[1].TextContent;

    private static string Figures(long bytes) => Cortex.Internal.Figures.Bytes(bytes);

    /// <summary>A Kestrel server on 127.0.0.1 that counts the body bytes it reads and writes: <c>POST /upload</c>, and <c>/fetch</c>, which fails one call in four with 503.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private long _received;
        private long _sent;
        private long _fetches;

        private Target(WebApplication app) => _app = app;

        public long BodyBytesReceived => Interlocked.Read(ref _received);

        public long BodyBytesSent => Interlocked.Read(ref _sent);

        public string Origin { get; private set; } = "";

        public static async Task<Target> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var target = new Target(app);
            app.MapPost("/upload", async (HttpRequest request) =>
            {
                var buffer = new byte[4096];
                int read;
                while ((read = await request.Body.ReadAsync(buffer)) > 0)
                {
                    Interlocked.Add(ref target._received, read);
                }

                Interlocked.Add(ref target._sent, Download.Length);
                return Microsoft.AspNetCore.Http.Results.Bytes(Download, "application/octet-stream");
            });
            app.MapGet("/fetch", async (HttpContext context) =>
            {
                var failing = Interlocked.Increment(ref target._fetches) % 4 == 0;
                var body = failing ? Upload : Download;
                Interlocked.Add(ref target._sent, body.Length);
                context.Response.StatusCode = failing ? 503 : 200;
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
            });
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            target.Origin = address.TrimEnd('/');
            return target;
        }

        public string Url(string path) => $"{Origin}/{path}";

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
