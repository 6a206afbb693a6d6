using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

// The system under test of the endurance tests: `leak` keeps 1 MiB of every request for ever, `flat` answers the same
// requests and keeps nothing. Both export the .NET runtime's own meter at /metrics, as a host with OpenTelemetry's
// Prometheus exporter does, and print "listening <url> pid <pid>" once ready. Each exits after 120 s at most.
if (args.Length != 1 || args[0] is not ("leak" or "flat"))
{
    await Console.Error.WriteLineAsync("usage: leak|flat");
    return 2;
}

var leak = args[0] == "leak";
var kept = new List<byte[]>();
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("System.Runtime").AddPrometheusExporter());
var app = builder.Build();
app.MapPrometheusScrapingEndpoint("/metrics");
app.MapGet("/work", () =>
{
    if (leak)
    {
        // Filled, so every page is touched and counts in the working set as well as the GC heap.
        var block = new byte[1024 * 1024];
        Array.Fill(block, (byte)1);
        lock (kept)
        {
            kept.Add(block);
        }
    }

    return "ok";
});

await app.StartAsync();
var url = app.Urls.First();
Console.WriteLine($"listening {url} pid {Environment.ProcessId}");
await Task.Delay(TimeSpan.FromSeconds(120));
await app.StopAsync();
return 0;
