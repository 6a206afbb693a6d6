using System.Globalization;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;
using Cortex.Production;
using Cortex.Samples.MemoryService;
using Cortex.Slo.Reports;
using Cortex.Slo.Status;
using Cortex.Slo;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Samples.QuickStart;

/// <summary>
/// The README's first command: starts the memory service (embedded unless QDRANT_URL / ZAI_API_KEY say otherwise),
/// runs a load-test preset through the production optimizer with a live progress line, prints the SLO compliance and
/// the readiness report, writes the reports, and exits 0 only when every threshold held (99 otherwise, 2 on bad input).
/// </summary>
internal static class QuickStartApp
{
    public const int Passed = 0;
    public const int ThresholdsFailed = 99;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (!QuickStartOptions.TryParse(args, out var options, out var error))
        {
            await output.WriteLineAsync($"quickstart: {error}").ConfigureAwait(false);
            await output.WriteLineAsync(QuickStartOptions.Usage).ConfigureAwait(false);
            return BadInput;
        }

        await using var app = await MemoryServiceHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], cancellationToken: cancellationToken).ConfigureAwait(false);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Memory service running at {string.Join(", ", app.Urls)} ({(app.Configuration["QDRANT_URL"] is null ? "embedded Qdrant and Z.AI test servers" : "configured services")}).").ConfigureAwait(false);

        var optimizer = app.Services.GetRequiredService<ProductionOptimizer>();
        var monitor = app.Services.GetRequiredService<SloMonitor>();
        optimizer.LoadTestProgress += (_, p) => output.WriteLine(ProgressLine(p));

        var scale = LoadTestPresets.ScaleTo(options.Preset, options.Duration);
        await output.WriteLineAsync($"Running the {options.Preset} preset for about {options.Duration.TotalSeconds:0} s (70% store-then-find, 30% completion)...").ConfigureAwait(false);
        var result = await optimizer.RunProductionLoadTestAsync(options.Preset, scale, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Load test {result.Status}: {result.Requests.Count:N0} requests, {result.Requests.ErrorRate:P2} errors, p95 {result.Requests.Latency.P95:0.0} ms, p99 {result.Requests.Latency.P99:0.0} ms").ConfigureAwait(false);
        foreach (var t in result.Thresholds)
        {
            await output.WriteLineAsync($"  {(t.Passed ? "pass" : "FAIL")}  {t.Expression}{(t.Step is null ? "" : " on " + t.Step)}  observed {t.Observed.ToString("0.###", CultureInfo.InvariantCulture)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("SLO compliance:").ConfigureAwait(false);
        foreach (var o in monitor.EvaluateNow().Objectives)
        {
            var observed = o.Observed is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "no data";
            await output.WriteLineAsync($"  {(o.Compliant ? "ok  " : "MISS")}  {o.Definition.Name,-20} {observed,-12} {o.Definition.Description}").ConfigureAwait(false);
        }

        var readiness = await optimizer.GenerateReadinessReportAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Readiness: {(readiness.Ready ? "READY" : "NOT READY")}, score {readiness.Score:0.#}/100").ConfigureAwait(false);
        foreach (var check in readiness.Checks)
        {
            await output.WriteLineAsync($"  {check.Outcome,-4}  {check.Name}: {check.Evidence}").ConfigureAwait(false);
        }

        var outputDirectory = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>(await LoadTestReports.WriteAsync(result, outputDirectory, ReportFormats.Json | ReportFormats.Markdown | ReportFormats.Html, cancellationToken).ConfigureAwait(false));
        var readinessPath = Path.Combine(outputDirectory, "readiness.json");
        await File.WriteAllTextAsync(readinessPath, System.Text.Json.JsonSerializer.Serialize(readiness, JsonOptions), cancellationToken).ConfigureAwait(false);
        written.Add(readinessPath);
        written.AddRange(await SloReports.WriteAsync(await monitor.GenerateReportAsync(ReportPeriod.Daily, cancellationToken).ConfigureAwait(false), outputDirectory, cancellationToken).ConfigureAwait(false));
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Reports:").ConfigureAwait(false);
        foreach (var path in written)
        {
            await output.WriteLineAsync("  " + path).ConfigureAwait(false);
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        var verdict = result.Passed ? "every threshold held" : "a threshold failed";
        await output.WriteLineAsync($"Done: {verdict}.").ConfigureAwait(false);
        return result.Passed ? Passed : ThresholdsFailed;
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static string ProgressLine(LoadTestProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"[{p.Elapsed.TotalSeconds,3:0}s/{p.PlannedDuration.TotalSeconds:0}s] {p.Requests,7:N0} req  {p.Latest.Throughput,7:0.0} req/s  p95 {p.P95,7:0.0} ms  errors {(p.Requests == 0 ? 0 : (double)p.Errors / p.Requests),6:P2}  thresholds {p.Thresholds.Count(t => t.Passed)}/{p.Thresholds.Count} ok");
}
