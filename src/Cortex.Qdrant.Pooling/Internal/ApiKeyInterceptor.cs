using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>Adds Qdrant's <c>api-key</c> header to every call of one node's channels.</summary>
internal sealed class ApiKeyInterceptor(string apiKey) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var headers = context.Options.Headers ?? [];
        headers.Add("api-key", apiKey);
        var options = context.Options.WithHeaders(headers);
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}
