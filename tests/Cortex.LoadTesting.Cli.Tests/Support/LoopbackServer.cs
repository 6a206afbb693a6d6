using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;

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
        var ok = new System.Runtime.CompilerServices.StrongBox<long>();
        var (app, baseUri) = await LoopbackApp.StartAsync(
            app => app.MapGet("/ok", () =>
            {
                Interlocked.Increment(ref ok.Value);
                return "ok";
            }),
            cancellationToken);
        return new LoopbackServer(app, baseUri, ok);
    }

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);
}
