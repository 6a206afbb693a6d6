using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers <c>GET /{name}</c> with 200, after <c>?delay=</c> milliseconds when given,
/// and keeps the arrival time of every request by name: what the system under load saw, apart from the engine's counters.
/// </summary>
internal sealed class HttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _arrivals = new(StringComparer.Ordinal);
    private Uri _base = null!;

    private HttpTarget(WebApplication app) => _app = app;

    public static async Task<HttpTarget> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var target = new HttpTarget(app);
        app.MapGet("/{name}", async (string name, int? delay, CancellationToken ct) =>
        {
            target._arrivals.GetOrAdd(name, _ => new ConcurrentQueue<long>()).Enqueue(Stopwatch.GetTimestamp());
            if (delay is > 0)
            {
                await Task.Delay(delay.Value, ct);
            }

            return "ok";
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        target._base = new Uri(address.TrimEnd('/') + "/");
        return target;
    }

    public string Url(string path) => new Uri(_base, path).ToString();

    /// <summary>Gets the requests <c>/{name}</c> received.</summary>
    public int CallsOf(string name) => _arrivals.TryGetValue(name, out var q) ? q.Count : 0;

    /// <summary>Gets the arrival times of <c>/{name}</c> after <paramref name="origin"/> (a <see cref="Stopwatch"/> timestamp), earliest first.</summary>
    public TimeSpan[] TimesSince(string name, long origin) =>
        _arrivals.TryGetValue(name, out var q) ? [.. q.Order().Select(t => Stopwatch.GetElapsedTime(origin, t))] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
