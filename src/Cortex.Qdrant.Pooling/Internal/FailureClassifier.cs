using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Polly.CircuitBreaker;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>Decides, from an attempt's failure, whether to retry it, whether it counts against the node, and how to tag it.</summary>
internal static class FailureClassifier
{
    /// <summary>
    /// Retry <c>Unavailable</c> always; <c>DeadlineExceeded</c>, <c>ResourceExhausted</c> and an <c>Internal</c> that
    /// carries "unavailable" only for reads and idempotent writes; a non-idempotent write only when the request provably
    /// never left (connection refused, an open circuit). Never a caller's cancellation or a client error.
    /// </summary>
    public static bool ShouldRetry(Exception? exception, QdrantOperationKind kind, CancellationToken callerToken)
    {
        if (exception is null || callerToken.IsCancellationRequested)
        {
            return false;
        }

        if (NeverSent(exception))
        {
            return true;
        }

        if (kind == QdrantOperationKind.NonIdempotentWrite)
        {
            return false;
        }

        return exception switch
        {
            RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } => true,
            // A read on a connection the node closed (GOAWAY as it stops: "The HTTP/2 server closed the connection")
            // comes back as Internal over an HttpRequestException; reading again elsewhere is safe.
            RpcException { StatusCode: StatusCode.Internal } rpc => rpc.Status.Detail.Contains("unavailable", StringComparison.OrdinalIgnoreCase)
                || rpc.Status.DebugException is HttpRequestException or IOException,
            HttpRequestException or IOException => true,
            _ => false,
        };
    }

    /// <summary>Whether the failure says something about the node's health (so it feeds the node's circuit breaker).</summary>
    public static bool IsNodeFailure(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.DataLoss } => true,
        HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    /// <summary>Whether the connection the attempt used is no longer usable and should be replaced.</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal } rpc
            ? rpc.Status.DebugException is HttpRequestException or IOException or SocketException
            : exception is HttpRequestException or IOException;

    /// <summary>The gRPC status the attempt ended with, for metrics and statistics.</summary>
    public static StatusCode StatusOf(Exception exception, CancellationToken callerToken) => exception switch
    {
        RpcException rpc => rpc.StatusCode,
        BrokenCircuitException => StatusCode.Unavailable,
        OperationCanceledException when callerToken.IsCancellationRequested => StatusCode.Cancelled,
        OperationCanceledException => StatusCode.DeadlineExceeded,
        _ => StatusCode.Unknown,
    };

    /// <summary>Failures that prove the request never reached a server: connection refused, or a circuit that failed fast.</summary>
    private static bool NeverSent(Exception exception)
    {
        if (exception is BrokenCircuitException)
        {
            return true;
        }

        for (Exception? e = exception is RpcException rpc ? rpc.Status.DebugException : exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return true;
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http
                    when http.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return true;
            }
        }

        return false;
    }
}
