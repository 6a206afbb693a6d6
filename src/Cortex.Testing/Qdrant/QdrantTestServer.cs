using System.Globalization;
using System.Net;
using Cortex.Testing.Qdrant.Internal;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Testing.Qdrant;

/// <summary>
/// An in-process Qdrant node: a Kestrel gRPC server on 127.0.0.1 that speaks the <c>qdrant.Qdrant</c>,
/// <c>qdrant.Collections</c> and <c>qdrant.Points</c> services to the real <c>Qdrant.Client</c>, with exact
/// (brute-force) vector search, payload filters, an optional API key and fault injection. No Docker needed.
/// </summary>
/// <remarks>
/// <para>Connect with <c>new QdrantClient(server.Host, server.Port, https: false)</c>. Methods it does not implement
/// answer <c>Unimplemented</c>; requests it cannot serve faithfully (named or sparse vectors, prefetch, geo filters)
/// answer <c>Unimplemented</c> with a message naming the feature, rather than a wrong result.</para>
/// <para><see cref="StopAsync"/> and <see cref="RestartAsync"/> take the node down and bring it back on the same port,
/// keeping its data, fault settings and call counts.</para>
/// </remarks>
public sealed class QdrantTestServer : IAsyncDisposable
{
    private const int MaxMessageSize = 64 * 1024 * 1024;
    private static readonly TimeSpan RebindTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CallCounters _counters = new();
    private readonly QdrantCallGate _gate;
    private readonly QdrantRequestHandlers _handlers;
    private WebApplication? _app;
    private bool _disposed;

    private QdrantTestServer(QdrantTestServerOptions options)
    {
        Store = options.Store ?? new QdrantTestStore();
        Faults = new QdrantFaultInjector(options.RandomSeed);
        _gate = new QdrantCallGate(Faults, _counters, options.ApiKey, options.TimeProvider);
        _handlers = new QdrantRequestHandlers(Store, options.TimeProvider);
        Port = options.Port;
    }

    /// <summary>Gets the address the server listens on: always <c>127.0.0.1</c>.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>Gets the port the server listens on; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Gets the server's address as a URI, <c>http://127.0.0.1:{port}</c> (gRPC over HTTP/2 without TLS).</summary>
    public Uri GrpcUri => new(string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{Port}"));

    /// <summary>Gets the store holding this server's collections, possibly shared with other servers.</summary>
    public QdrantTestStore Store { get; }

    /// <summary>Gets the fault injection settings: latency and failing calls.</summary>
    public QdrantFaultInjector Faults { get; }

    /// <summary>Gets a value indicating whether the server is accepting connections (false after <see cref="StopAsync"/>).</summary>
    public bool IsRunning => Volatile.Read(ref _app) is not null;

    /// <summary>Gets how many calls the server received since it started or since <see cref="ResetCallCounts"/>, over all methods.</summary>
    /// <remarks>Every call that reached the server counts, including those that failed (injected faults, a wrong API key,
    /// unimplemented methods).</remarks>
    public long TotalCallCount => _counters.Total;

    /// <summary>Gets how many calls the server is working on right now: received and not yet answered (injected latency included).</summary>
    /// <remarks>For failing a node mid-request: wait until the calls are in flight, then <see cref="StopAsync"/>, which
    /// cuts them off as a crash would.</remarks>
    public long InFlightCallCount => _counters.InFlight;

    /// <summary>Starts a server on 127.0.0.1 and returns once it accepts connections.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (any free port, no API key, a new store).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="IOException">The requested <see cref="QdrantTestServerOptions.Port"/> is in use.</exception>
    public static async Task<QdrantTestServer> StartAsync(QdrantTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new QdrantTestServerOptions();
        options.Validate();
        var server = new QdrantTestServer(options);
        try
        {
            await server.StartCoreAsync(TimeSpan.Zero, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gets how many calls one method received, for example <c>GetCallCount("qdrant.Points/Query")</c>.</summary>
    /// <param name="method">The full gRPC method name, <c>package.Service/Method</c>; a leading <c>/</c> is allowed.</param>
    /// <returns>The number of calls, 0 for a method never called.</returns>
    public long GetCallCount(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return _counters.Get(QdrantFaultInjector.Normalize(method)!);
    }

    /// <summary>Sets every call count, and <see cref="TotalCallCount"/>, back to 0.</summary>
    public void ResetCallCounts() => _counters.Reset();

    /// <summary>
    /// Takes the node down like a crash: stops listening and aborts open connections, calls in flight included (they
    /// never get their answer), so clients see <c>Unavailable</c> until <see cref="RestartAsync"/>. Does nothing if the
    /// server is already stopped.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for another start or stop in progress.</param>
    /// <returns>A task that completes once the port is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Brings the node back on the same port with the same data, stopping it first if it is running. Clients that
    /// were connected reconnect on their next call.
    /// </summary>
    /// <remarks>As after a real node's crash, a client's first call after the restart may still fail with
    /// <c>Unavailable</c>: it can go out on the connection the stop cut, and a client that was refused while the node was
    /// down backs off (about a second in Grpc.Net.Client) before it dials again.</remarks>
    /// <param name="cancellationToken">Cancels the restart.</param>
    /// <returns>A task that completes once the server accepts connections again.</returns>
    /// <exception cref="IOException">The port stayed taken (by another process) for 10 seconds.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync();
            await StartCoreAsync(RebindTimeout, cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server and releases its port.</summary>
    /// <returns>A task that completes once the server is stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _lifecycle.WaitAsync();
        try
        {
            _disposed = true;
            await StopCoreAsync();
        }
        finally
        {
            _lifecycle.Release();
        }

        _lifecycle.Dispose();
    }

    /// <summary>Binds <see cref="Port"/>, retrying for up to <paramref name="rebindTimeout"/> while it is still taken.</summary>
    private async Task StartCoreAsync(TimeSpan rebindTimeout, CancellationToken cancellationToken)
    {
        // The wall clock on purpose: the OS frees the port in real time, whatever clock the tests fake.
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var app = BuildApplication(Port);
            try
            {
                await app.StartAsync(cancellationToken);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                Port = new Uri(address).Port;
                Volatile.Write(ref _app, app);
                return;
            }
            catch (IOException) when (Port != 0 && rebindTimeout > TimeSpan.Zero)
            {
                await app.DisposeAsync();
                if (TimeProvider.System.GetElapsedTime(started) >= rebindTimeout)
                {
                    throw;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    private async Task StopCoreAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is null)
        {
            return;
        }

        // An already-cancelled token makes Kestrel abort connections instead of draining them: a crash, not a shutdown.
        using var abort = new CancellationTokenSource();
        await abort.CancelAsync();
        try
        {
            await app.StopAsync(abort.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected with the cancelled token above.
        }

        await app.DisposeAsync();
    }

    private WebApplication BuildApplication(int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxMessageSize;
            grpc.MaxSendMessageSize = MaxMessageSize;
        });
        builder.Services.AddSingleton(new QdrantGrpcService(_gate));
        builder.Services.AddSingleton<IServiceMethodProvider<QdrantGrpcService>>(new QdrantServiceMethodProvider(_handlers.ByMethod()));

        var app = builder.Build();
        app.MapGrpcService<QdrantGrpcService>();
        return app;
    }
}
