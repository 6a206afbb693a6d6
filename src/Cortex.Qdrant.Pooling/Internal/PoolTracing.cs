using System.Diagnostics;
using Cortex.Abstractions.Telemetry;
using Grpc.Core;
using Polly.Timeout;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>
/// The pool's spans on the <c>Cortex.Qdrant.Pooling</c> activity source: one client span per request (queueing and
/// retries included) with the node that answered, the number of attempts, and a <c>retry</c> event for each failed
/// attempt that was retried. Nothing is allocated when no listener samples the source.
/// </summary>
internal static class PoolTracing
{
    public const string RetryEvent = "retry";
    public const string AttemptsTag = "cortex.qdrant.attempts";
    public const string AttemptTag = "cortex.qdrant.attempt";
    public const string KindTag = "cortex.qdrant.operation.kind";
    public const string RetryDelayTag = "cortex.qdrant.retry.delay";

    public static readonly ActivitySource Source = new(CortexTelemetry.QdrantPooling, typeof(PoolTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts a request's span, or returns <see langword="null"/> at no cost when nobody listens.</summary>
    public static Activity? Start(QdrantOperationKind kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("qdrant", ActivityKind.Client);
        activity?.SetTag("db.system.name", "qdrant");
        activity?.SetTag(KindTag, KindName(kind));
        return activity;
    }

    /// <summary>Notes the node an attempt went to; the last one is the node that answered (or failed last).</summary>
    public static void Attempted(Activity activity, PoolNode node, int attempt)
    {
        activity.SetTag(CortexTags.NodeId, node.Id);
        activity.SetTag(CortexTags.ServerAddress, node.Address.Host);
        activity.SetTag(CortexTags.ServerPort, node.Address.Port);
        activity.SetTag(AttemptsTag, attempt);
    }

    public static void Retrying(Activity activity, PoolNode node, int attempt, StatusCode status, TimeSpan delay) =>
        activity.AddEvent(new ActivityEvent(RetryEvent, tags: new ActivityTagsCollection
        {
            [CortexTags.NodeId] = node.Id,
            [AttemptTag] = attempt,
            [CortexTags.GrpcStatusCode] = (int)status,
            [RetryDelayTag] = delay.TotalSeconds,
        }));

    /// <summary>Tags the span with the request's error; returns <see langword="false"/>, for use in an exception filter.</summary>
    public static bool Failed(Activity activity, Exception error)
    {
        if (error is RpcException rpc)
        {
            activity.SetTag(CortexTags.GrpcStatusCode, (int)rpc.StatusCode);
        }

        activity.SetTag(CortexTags.ErrorType, ErrorType(error));
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        return false;
    }

    public static void Stop(Activity activity, bool failed)
    {
        if (!failed)
        {
            activity.SetTag(CortexTags.GrpcStatusCode, (int)StatusCode.OK);
            activity.SetStatus(ActivityStatusCode.Ok);
        }

        activity.Dispose();
    }

    /// <summary>A fixed set: the gRPC status name, or what the pool itself refused with.</summary>
    internal static string ErrorType(Exception error) => error switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        QdrantQueueFullException => "queue_full",
        QdrantNodesUnavailableException => "nodes_unavailable",
        TimeoutRejectedException => "timeout",
        OperationCanceledException => "cancelled",
        QdrantPoolException => "pool_error",
        _ => "_OTHER",
    };

    private static string KindName(QdrantOperationKind kind) => kind switch
    {
        QdrantOperationKind.Read => "read",
        QdrantOperationKind.IdempotentWrite => "idempotent_write",
        _ => "non_idempotent_write",
    };
}
