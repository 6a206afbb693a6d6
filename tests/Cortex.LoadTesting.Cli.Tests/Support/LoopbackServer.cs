using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>A Kestrel server on 127.0.0.1 that answers <c>GET /ok</c> with 200 and every other path with 404.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Runtime.CompilerServices.StrongBox<long> _ok;

    private LoopbackServer(WebApplication app, Uri baseUri, System.Runtime.CompilerServices.StrongBox<long> ok)
    {
        _app = app;
        BaseUri = baseUri;
        _ok = ok;
    }

    public Uri BaseUri { get; }

    /// <summary>Gets how many <c>GET /ok</c> the server has answered.</summary>
    public long OkRequests => Interlocked.Read(ref _ok.Value);

    public static async Task<LoopbackServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var ok = new System.Runtime.CompilerServices.StrongBox<long>();
        app.MapGet("/ok", () =>
        {
            Interlocked.Increment(ref ok.Value);
            return "ok";
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"), ok);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
