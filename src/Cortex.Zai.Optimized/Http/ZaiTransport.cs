using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Http;

/// <summary>
/// One HTTP exchange with Z.AI: JSON in, JSON or Server-Sent Events out, Z.AI's error body turned into
/// <see cref="ZaiApiException"/>. No retries here; the pipeline around it decides.
/// </summary>
internal sealed class ZaiTransport(HttpClient http, ZaiClientOptions options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly Uri _chat = new(options.BaseUrl.TrimEnd('/') + "/chat/completions");
    private readonly Uri _embeddings = new(options.BaseUrl.TrimEnd('/') + "/embeddings");
    private readonly Uri _models = new(options.BaseUrl.TrimEnd('/') + "/models");
    private readonly AuthenticationHeaderValue? _auth = string.IsNullOrEmpty(options.ApiKey) ? null : new("Bearer", options.ApiKey);

    public async Task<ZaiCompletion> CompleteAsync(ZaiCompletionRequest request, CancellationToken cancellationToken)
    {
        using var message = Build(_chat, JsonSerializer.SerializeToUtf8Bytes(request, ZaiJsonContext.Default.ZaiCompletionRequest));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var completion = await JsonSerializer.DeserializeAsync(stream, ZaiJsonContext.Default.ZaiCompletion, cancellationToken).ConfigureAwait(false)
                ?? throw new ZaiApiException("Z.AI answered an empty body to a chat completion.", response.StatusCode, null, null);

            // Read-only from here on: the answer may be shared with other callers (the cache, deduplication).
            completion.MakeReadOnly();
            return completion;
        }
    }

    /// <summary>Opens the stream; the returned enumerable reads it. Errors before the first byte throw here, so they can be retried.</summary>
    public async Task<IAsyncEnumerable<ZaiCompletionChunk>> StreamAsync(ZaiCompletionRequest request, CancellationToken cancellationToken)
    {
        var message = Build(_chat, JsonSerializer.SerializeToUtf8Bytes(request, ZaiJsonContext.Default.ZaiCompletionRequest));
        message.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return ReadEvents(message, response, body, cancellationToken);
        }
        catch
        {
            response?.Dispose();
            message.Dispose();
            throw;
        }
    }

    public async Task<(float[][] Vectors, ZaiUsage? Usage, string? Model)> EmbedAsync(string model, IReadOnlyList<string> inputs, int? dimensions, CancellationToken cancellationToken)
    {
        var payload = new EmbeddingRequest { Model = model, Input = inputs, Dimensions = dimensions };
        using var message = Build(_embeddings, JsonSerializer.SerializeToUtf8Bytes(payload, ZaiJsonContext.Default.EmbeddingRequest));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var parsed = await JsonSerializer.DeserializeAsync(stream, ZaiJsonContext.Default.EmbeddingResponse, cancellationToken).ConfigureAwait(false);
            if (parsed is null || parsed.Data.Count != inputs.Count)
            {
                throw new ZaiApiException($"Z.AI answered {parsed?.Data.Count ?? 0} embeddings for {inputs.Count} inputs.", response.StatusCode, null, null);
            }

            var vectors = new float[inputs.Count][];
            foreach (var item in parsed.Data)
            {
                vectors[item.Index] = item.Embedding;
            }

            return (vectors, parsed.Usage, parsed.Model);
        }
    }

    /// <summary>
    /// <c>GET models</c>, which spends no tokens: the HTTP status says whether the API is there and takes the key. The
    /// body is not read; a connection failure throws.
    /// </summary>
    public async Task<HttpStatusCode> ProbeAsync(CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, _models);
        message.Headers.Authorization = _auth;
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    private static async IAsyncEnumerable<ZaiCompletionChunk> ReadEvents(
        HttpRequestMessage message, HttpResponseMessage response, Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = message;
        using var __ = response;
        await using var ___ = body.ConfigureAwait(false);

        // SseParser does the framing (events split across reads, multi-line data, comments, CR/LF line ends); each
        // event's data is parsed straight from its UTF-8 bytes.
        var events = SseParser.Create(body, ParseEvent).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var ____ = events.ConfigureAwait(false);
        while (await MoveNextAsync(events).ConfigureAwait(false))
        {
            var chunk = events.Current.Data;
            if (ReferenceEquals(chunk, DoneEvent))
            {
                yield break;
            }

            if (chunk is not null)
            {
                yield return chunk;
            }
        }

        // No [DONE]: the connection ended mid-answer.
        throw new ZaiStreamInterruptedException("The Z.AI stream ended before [DONE]: the answer is incomplete.");
    }

    /// <summary>Stands for <c>data: [DONE]</c>; never handed to a caller.</summary>
    private static readonly ZaiCompletionChunk DoneEvent = new();

    /// <summary>An event's data: a chunk, <see cref="DoneEvent"/> for <c>[DONE]</c>, or null for an empty event.</summary>
    private static ZaiCompletionChunk? ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return null;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            return DoneEvent;
        }

        var chunk = JsonSerializer.Deserialize(data, ZaiJsonContext.Default.ZaiCompletionChunk)
            ?? throw new ZaiApiException("Z.AI sent an empty stream event.");

        // Every reader of a shared stream gets this same chunk.
        chunk.MakeReadOnly();
        return chunk;
    }

    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<SseItem<ZaiCompletionChunk?>> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ZaiStreamInterruptedException("The Z.AI stream broke before [DONE]: the answer is incomplete.", ex);
        }
    }

    private HttpRequestMessage Build(Uri uri, byte[] json)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, uri);
        message.Headers.Authorization = _auth;

        // Accept-Encoding is left to the handler: one with AutomaticDecompression (as AddCortexZai configures) asks for
        // gzip and brotli and decodes them; asking here with a handler that does not decode would break every answer.
        if (options.Performance.EnableCompression && json.Length > options.Cache.CompressionThreshold)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(json);
            }

            message.Content = new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
            message.Content.Headers.ContentEncoding.Add("gzip");
        }
        else
        {
            message.Content = new ByteArrayContent(json);
        }

        message.Content.Headers.ContentType = Json;
        return message;
    }

    private async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? code = null;
        string? detail = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var envelope = JsonSerializer.Deserialize(text, ZaiJsonContext.Default.ErrorEnvelope);
            code = envelope?.Error?.Code;
            detail = envelope?.Error?.Message;
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the status alone must do.
        }

        // Z.AI rarely sends Retry-After; a gateway in front of it may, in seconds or as an HTTP date.
        var retryAfter = RetryAfter(response.Headers.RetryAfter, time);
        var status = (int)response.StatusCode;
        var what = code is null ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}" : $"HTTP {status.ToString(CultureInfo.InvariantCulture)}, code {code}";
        throw new ZaiApiException($"Z.AI refused the request ({what}): {detail ?? response.ReasonPhrase}. {Advice(response.StatusCode, code)}", response.StatusCode, code, retryAfter);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Advice(HttpStatusCode status, string? code) => code switch
    {
        "1302" or "1303" or "1305" => "A transient rate limit: retried with backoff; lower RateLimit.MaxConcurrentRequests or RequestsPerMinute if it persists.",
        "1113" => "The account has no balance: top it up.",
        "1304" or "1308" => "A usage limit was reached: wait for the reset or raise the plan's limit.",
        "1309" => "The plan has expired: renew it.",
        "1301" => "The content was judged unsafe: change the prompt.",
        ['1', '2', '1', _] => "A request parameter is invalid: fix the request.",
        _ when status == HttpStatusCode.Unauthorized => "The API key was refused: check ZAI_API_KEY and the base URL (coding-plan keys use /api/coding/paas/v4).",
        _ => (int)status >= 500 ? "A server error: retried with backoff." : "Check the request.",
    };
}
