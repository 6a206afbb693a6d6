using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Every request goes through here: record it, authenticate, route, then apply faults (concurrency limit, latency,
/// scheduled failures) and answer. Requests are recorded first so the log holds even the ones refused.
/// </summary>
internal sealed class ZaiRequestPipeline(ZaiServerState state)
{
    public const string BasePath = "/api/paas/v4";
    public const string ChatCompletionsPath = BasePath + "/chat/completions";
    public const string EmbeddingsPath = BasePath + "/embeddings";
    public const string ModelsPath = BasePath + "/models";

    // Far above any real prompt; the cap only stops a compressed "bomb" from exhausting memory.
    private const int MaxBodyBytes = 64 * 1024 * 1024;
    private const string Redacted = "[redacted]";

    private readonly ChatCompletionsEndpoint _chat = new(state);
    private readonly EmbeddingsEndpoint _embeddings = new(state);

    private delegate Task Endpoint(HttpContext context, JsonElement body, CancellationToken cancellationToken);

    public async Task InvokeAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, state.Stopping);
        try
        {
            await HandleAsync(context, linked.Token);
        }
        catch (Exception) when (linked.IsCancellationRequested)
        {
            // The client went away or the server is stopping; whatever was interrupted, nobody is left to answer.
            context.Abort();
        }
#pragma warning disable CA1031 // A bug in the fake must reach the test as a Z.AI-shaped 500 that names it, not as a dropped connection.
        catch (Exception exception) when (!context.Response.HasStarted)
#pragma warning restore CA1031
        {
            await ZaiErrors.WriteAsync(context.Response, StatusCodes.Status500InternalServerError, "500",
                $"Internal error in ZaiTestServer: {exception.GetType().Name}: {exception.Message}", null, CancellationToken.None);
        }
    }

    private async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var headers = RecordableHeaders(request.Headers);
        byte[] body;
        string? unreadableBody = null;
        try
        {
            body = await ReadBodyAsync(request, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            body = [];
            unreadableBody = exception.Message;
        }

        state.Log.Record(new ZaiRecordedRequest(request.Method, request.Path.Value ?? "/", headers,
            Encoding.UTF8.GetString(body), CanonicalJson.HashBody(body), state.Options.TimeProvider.GetUtcNow()));

        if (AuthenticationError(request) is { } authError)
        {
            await ZaiErrors.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, authError, null, null, cancellationToken);
            return;
        }

        if (Route(request) is not { } endpoint)
        {
            await ZaiErrors.WriteAsync(context.Response, StatusCodes.Status404NotFound, ZaiErrors.ApiNotFound,
                $"API {request.Method} {request.Path} does not exist; this server answers POST {ChatCompletionsPath}, POST {EmbeddingsPath} and GET {ModelsPath}.",
                null, cancellationToken);
            return;
        }

        if (!state.TryEnter())
        {
            await ZaiErrors.WriteAsync(context.Response, StatusCodes.Status429TooManyRequests, ZaiErrors.TooManyConcurrentRequests, null, null, cancellationToken);
            return;
        }

        try
        {
            await AnswerAsync(context, endpoint, body, unreadableBody, cancellationToken);
        }
        finally
        {
            state.Exit();
        }
    }

    private async Task AnswerAsync(HttpContext context, Endpoint endpoint, byte[] body, string? unreadableBody, CancellationToken cancellationToken)
    {
        var latency = state.Faults.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, state.Options.TimeProvider, cancellationToken);
        }

        if (state.Faults.TryTakeFailure(out var failure))
        {
            await (failure.BusinessCode is { } code
                ? ZaiErrors.WriteAsync(context.Response, failure.StatusCode, code, null, failure.RetryAfter, cancellationToken)
                : ZaiErrors.WriteGatewayAsync(context.Response, failure, state.Options.TimeProvider.GetUtcNow(), cancellationToken));
            return;
        }

        try
        {
            if (unreadableBody is not null)
            {
                throw new ZaiRequestException(ZaiErrors.InvalidParameters, $"The request body could not be decompressed: {unreadableBody}");
            }

            // A GET (the model list) has no body to parse.
            using var document = HttpMethods.IsGet(context.Request.Method) ? null : Parse(body);
            await endpoint(context, document?.RootElement ?? default, cancellationToken);
        }
        catch (ZaiRequestException exception)
        {
            await ZaiErrors.WriteAsync(context.Response, StatusCodes.Status400BadRequest, exception.Code, exception.Message, null, cancellationToken);
        }
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new ZaiRequestException(ZaiErrors.InvalidParameters,
                $"{ZaiErrors.MessageFor(ZaiErrors.InvalidParameters)} The body is not valid JSON: {exception.Message}");
        }
    }

    private string? AuthenticationError(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return ZaiErrors.MissingAuthentication;
        }

        const string scheme = "Bearer ";
        var valid = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && authorization[scheme.Length..].Trim() == state.Options.ApiKey;
        return valid ? null : ZaiErrors.AuthenticationFailed;
    }

    private Endpoint? Route(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
        {
            return request.Path.Value == ModelsPath ? ModelsEndpoint.HandleAsync : null;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        return request.Path.Value switch
        {
            ChatCompletionsPath => _chat.HandleAsync,
            EmbeddingsPath => _embeddings.HandleAsync,
            _ => null,
        };
    }

    private Dictionary<string, string> RecordableHeaders(IHeaderDictionary headers)
    {
        var key = state.Options.ApiKey;
        var recorded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A client may also leak the key in a header of its own (api-key, x-api-key); the log must never hold it.
            recorded[name] = values.ToString().Replace(key, Redacted, StringComparison.Ordinal);
        }

        return recorded;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var decoder = encoding.ToUpperInvariant() switch
        {
            "" or "IDENTITY" => null,
            "GZIP" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "BR" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "DEFLATE" => (Stream)new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => throw new InvalidDataException($"Content-Encoding '{encoding}' is not supported; use gzip, br or deflate."),
        };

        await using (decoder)
        {
            var source = decoder ?? request.Body;
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException($"The request body exceeds {MaxBodyBytes} bytes once decompressed.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
