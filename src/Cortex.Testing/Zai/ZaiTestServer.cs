using System.IO.Compression;
using System.Net;
using Cortex.Testing.Zai.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cortex.Testing.Zai;

/// <summary>
/// An in-process HTTP server on 127.0.0.1 that speaks the Z.AI (GLM) API: <c>POST chat/completions</c> (JSON and
/// Server-Sent Events), <c>POST embeddings</c> and <c>GET models</c> (the model list, which costs no tokens), with Z.AI's error bodies, bearer-key checks, gzip and Brotli, a
/// request log, and injectable faults. Point a client at <see cref="BaseUri"/> instead of
/// <c>https://api.z.ai/api/paas/v4</c> to test it over a real socket without Docker or network.
/// </summary>
/// <remarks>
/// <para>
/// Answers are deterministic: the words of a chat answer derive from the request (model, messages, sampling fields,
/// tools) and end by echoing the last user message, so equal requests get equal answers and different ones differ;
/// one word counts as one token. <c>max_tokens</c> cuts the answer with <c>finish_reason: "length"</c>, <c>stop</c> cuts it
/// at the stop text, <c>thinking: {"type": "enabled"}</c> adds <c>reasoning_content</c>, <c>tools</c> make the model call the
/// first (or the chosen) function until a <c>tool</c> message answers it, and <c>response_format: json_object</c> returns
/// JSON. Embeddings are unit vectors made from the text's words: the same text gives the same vector, and texts that
/// share words are close.
/// </para>
/// <para>
/// Errors use Z.AI's shape, <c>{"error":{"code":"1214","message":"..."}}</c> with the code a string: 401 with
/// <c>1001</c> when no <c>Authorization</c> header came and <c>1000</c> when the key is wrong; 404 with <c>1222</c> for any
/// other path or method; 400 with <c>1210</c> (body not JSON), <c>1213</c> (required field missing) or <c>1214</c> (field
/// invalid); 429 with <c>1302</c> above <see cref="ZaiFaults.ConcurrencyLimit"/>; and whatever <see cref="ZaiFaults.FailNext"/> schedules.
/// </para>
/// <para>
/// JSON responses are compressed when the client sends <c>Accept-Encoding: gzip</c> or <c>br</c>; event streams never
/// are, so every chunk reaches the client when it is flushed. Request bodies may be sent with
/// <c>Content-Encoding: gzip</c>, <c>br</c> or <c>deflate</c>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var server = await ZaiTestServer.StartAsync();
/// var chat = new ChatClient(ZaiTestServer.DefaultModel, new ApiKeyCredential(server.ApiKey),
///     new OpenAIClientOptions { Endpoint = server.BaseUri });
/// server.Faults.FailNext(1, 429, "1302");
/// </code>
/// </example>
public sealed class ZaiTestServer : IAsyncDisposable
{
    /// <summary>The model Cortex clients use unless configured otherwise, <c>glm-4.6</c>. The server answers any model name.</summary>
    public const string DefaultModel = "glm-4.6";

    private readonly WebApplication _app;
    private readonly ZaiServerState _state;
    private int _disposed;

    private ZaiTestServer(WebApplication app, ZaiServerState state, Uri baseUri)
    {
        _app = app;
        _state = state;
        BaseUri = baseUri;
    }

    /// <summary>
    /// Gets the API root, such as <c>http://127.0.0.1:51234/api/paas/v4/</c>: the local twin of
    /// <c>https://api.z.ai/api/paas/v4</c>. It ends with a slash so relative URIs resolve under it:
    /// <c>new Uri(server.BaseUri, "chat/completions")</c>. The OpenAI SDK takes it as
    /// <c>OpenAIClientOptions.Endpoint</c> as it is; a client that appends <c>"/chat/completions"</c> itself should trim the
    /// trailing slash first.
    /// </summary>
    public Uri BaseUri { get; }

    /// <summary>Gets the bearer token the server accepts, from <see cref="ZaiTestServerOptions.ApiKey"/>.</summary>
    public string ApiKey => _state.Options.ApiKey;

    /// <summary>Gets the faults to inject into the next requests; change them at any time, from any thread.</summary>
    public ZaiFaults Faults => _state.Faults;

    /// <summary>Gets what the server has received: counters by path and body hash, and the latest requests.</summary>
    public ZaiRequestLog Requests => _state.Log;

    /// <summary>
    /// Gets how many authenticated API requests are being answered right now, including those waiting out
    /// <see cref="ZaiFaults.Latency"/>; the figure <see cref="ZaiFaults.ConcurrencyLimit"/> is checked against.
    /// </summary>
    public int InFlightRequests => _state.InFlight;

    /// <summary>Starts a server on 127.0.0.1 and returns once it accepts connections.</summary>
    /// <param name="options">How to configure it; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">A value in <paramref name="options"/> is out of range; the message names it.</exception>
    public static async Task<ZaiTestServer> StartAsync(ZaiTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = (options ?? new ZaiTestServerOptions()).Validated();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ZaiTestServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,

            // Pinned so a developer's ASPNETCORE_ENVIRONMENT cannot switch on error pages that hide Z.AI's error bodies.
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, settings.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddResponseCompression(compression =>
        {
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();

            // Not compressed by default either; said here because a compressed event stream would hold chunks back.
            compression.ExcludedMimeTypes = ["text/event-stream"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(brotli => brotli.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Fastest);

        var app = builder.Build();
        var state = new ZaiServerState(settings, app.Lifetime.ApplicationStopping);
        var pipeline = new ZaiRequestPipeline(state);
        app.UseResponseCompression();
        app.Run(pipeline.InvokeAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ZaiTestServer(app, state, new Uri(address.TrimEnd('/') + ZaiRequestPipeline.BasePath + "/"));
    }

    /// <summary>Stops the server; requests still waiting out injected latency are aborted rather than waited for.</summary>
    /// <returns>A task that completes when the port is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
