using System.Net.Http;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>
/// One HTTP/2 connection to a node: a gRPC channel whose handler may open exactly one connection, and the
/// <see cref="QdrantClient"/> over it. The pool decides how many of these a node has.
/// </summary>
internal sealed class PooledConnection : IDisposable
{
    private const int ClosedMark = int.MinValue / 2;

    private int _inFlight;
    private long _lastUsed;
    private volatile bool _broken;

    private PooledConnection(GrpcChannel channel, QdrantClient client, long now)
    {
        Channel = channel;
        Client = client;
        _lastUsed = now;
    }

    public GrpcChannel Channel { get; }

    public QdrantClient Client { get; }

    public int InFlight => Math.Max(0, Volatile.Read(ref _inFlight));

    public long LastUsed => Volatile.Read(ref _lastUsed);

    public bool IsBroken => _broken;

    public static PooledConnection Open(Uri address, string? apiKey, QdrantPoolOptions options, ILoggerFactory loggerFactory, long now)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection per channel: the pool, not the handler, decides when to open another.
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = options.ConnectionTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            LoggerFactory = loggerFactory,
        });
        var invoker = apiKey is null ? channel.CreateCallInvoker() : channel.Intercept(new ApiKeyInterceptor(apiKey));
        var client = new QdrantClient(new QdrantGrpcClient(invoker), TimeSpan.Zero, loggerFactory);
        return new PooledConnection(channel, client, now);
    }

    /// <summary>
    /// Takes a stream on this connection if it has one free. The stream count is also the connection's lease count: a
    /// connection is closed only by <see cref="TryClose"/>, which succeeds only at zero, so a caller that took a stream
    /// owns a connection that cannot be disposed under it.
    /// </summary>
    public bool TryTake(int maxStreams)
    {
        if (_broken)
        {
            return false;
        }

        // One interlocked add on the fast path; a closed connection stays far below zero whatever is added.
        var taken = Interlocked.Increment(ref _inFlight);
        if (taken > 0 && taken <= maxStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Gives a stream back; returns the streams still in flight.</summary>
    public int Return(long now)
    {
        Volatile.Write(ref _lastUsed, now);
        return Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Gives back a stream taken for a health check, which does not count as use for the idle timeout.</summary>
    public int ReturnProbe() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Marks the connection closed if nobody holds a stream on it; only then may the caller dispose it.</summary>
    public bool TryClose() => Interlocked.CompareExchange(ref _inFlight, ClosedMark, 0) == 0;

    public void MarkBroken() => _broken = true;

    public void Dispose()
    {
        Client.Dispose();
        Channel.Dispose();
    }
}
