using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// What every call goes through before its handler: counting, injected latency and failures, then the API key check.
/// One gate lives as long as its server, across stops and restarts.
/// </summary>
internal sealed class QdrantCallGate(QdrantFaultInjector faults, CallCounters counters, string? apiKey, TimeProvider timeProvider)
{
    // Real nodes let health checks through without a key, so load balancers can probe them.
    private const string HealthCheckMethod = "qdrant.Qdrant/HealthCheck";

    private readonly byte[]? _apiKey = apiKey is null ? null : Encoding.UTF8.GetBytes(apiKey);

    public async Task<TResponse> RunAsync<TRequest, TResponse>(
        string method, TRequest request, ServerCallContext context, Func<TRequest, TResponse>? handler)
    {
        counters.Enter();
        try
        {
            return await RunCoreAsync(method, request, context, handler);
        }
        finally
        {
            counters.Exit();
        }
    }

    private async Task<TResponse> RunCoreAsync<TRequest, TResponse>(
        string method, TRequest request, ServerCallContext context, Func<TRequest, TResponse>? handler)
    {
        var (delay, failure) = faults.Decide(method);
        if (delay > TimeSpan.Zero)
        {
            // Armed before the call is counted, so a test that sees the count can advance a fake clock past the delay.
            var delayed = Task.Delay(delay, timeProvider, context.CancellationToken);
            counters.Increment(method);
            try
            {
                await delayed;
            }
            catch (OperationCanceledException)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, $"The call to {method} was cancelled during injected latency."));
            }
        }
        else
        {
            counters.Increment(method);
        }

        if (failure is { } statusCode)
        {
            throw new RpcException(new Status(statusCode, $"Injected fault for {method} (QdrantTestServer fault injection)."));
        }

        if (_apiKey is not null && method != HealthCheckMethod)
        {
            Authenticate(context);
        }

        return handler is null
            ? throw new RpcException(new Status(StatusCode.Unimplemented, $"Method {method} is not implemented by QdrantTestServer."))
            : handler(request);
    }

    // Messages as a real node words them; neither ever echoes the expected or the presented key.
    private void Authenticate(ServerCallContext context)
    {
        var presented = context.RequestHeaders.GetValue("api-key");
        if (presented is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _apiKey))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Invalid API key or JWT"));
        }
    }
}
