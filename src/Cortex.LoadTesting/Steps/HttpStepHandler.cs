using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Checks;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Steps;

/// <summary>
/// The <c>http</c> step: sends <c>method</c> (default GET) to <c>url</c> with optional <c>headers</c> (an object of
/// strings) and <c>body</c> (a string, sent as text, or any other JSON value, sent as <c>application/json</c>), reads
/// the whole response, and succeeds when the status is <c>expectedStatus</c> (a number or an array of numbers; by
/// default any 2xx or 3xx). Failures are typed <c>http_503</c>, <c>http_connectionerror</c>, <c>timeout</c>.
/// <c>url</c>, <c>body</c> and header values may hold <c>{user}</c>, <c>{iteration}</c>, <c>{random}</c> and
/// <c>{feed.NAME.COLUMN}</c>, filled for every request. <c>checks</c> judge responses (status, body contains, JSON path)
/// into the run's <c>checks</c> rate without failing the step.
/// </summary>
/// <remarks>
/// The step's client is built for generating load: it logs nothing per request (the <see cref="IHttpClientFactory"/>
/// request logging is removed), keeps no cookies, does not decompress, has no timeout of its own (the step's
/// <c>timeout</c> applies) and opens as many connections as there are requests in flight. The step sends through the
/// client's handlers without an <see cref="HttpClient"/> around them, so a host changes it with
/// <c>services.AddHttpClient(HttpStepHandler.HttpClientName)</c> and its handler methods
/// (<c>ConfigurePrimaryHttpMessageHandler</c>, <c>AddHttpMessageHandler</c>); settings of the client itself
/// (<c>DefaultRequestHeaders</c>, <c>Timeout</c>) do not apply: give headers in the step's <c>headers</c>.
/// </remarks>
/// <param name="handlerFactory">Creates the handlers of the client named <see cref="HttpClientName"/>.</param>
public sealed class HttpStepHandler(IHttpMessageHandlerFactory handlerFactory) : IStepHandler
{
    /// <summary>The name of the <see cref="HttpClient"/> the step uses; configure it with <c>services.AddHttpClient(HttpStepHandler.HttpClientName)</c>.</summary>
    public const string HttpClientName = "Cortex.LoadTesting.Http";

    // Every step reads its bodies into the same buffer: what lands there is never read, so the races are harmless.
    private static readonly Memory<byte> DiscardBuffer = new byte[16 * 1024];

    /// <inheritdoc />
    public string StepType => "http";

    /// <inheritdoc />
    public IStep Prepare(StepDefinition definition) => Prepare(definition, feeds: null);

    /// <summary>Prepares a step of a run with feeds: <c>{feed.NAME.COLUMN}</c> placeholders are resolved against them now, so an unknown one fails at start.</summary>
    internal IStep Prepare(StepDefinition definition, FeedSet? feeds)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var url = definition.GetRequiredString("url");
        var urlTemplate = Compile(definition, "url", url, feeds);
        if (!Uri.TryCreate(urlTemplate is null ? url : urlTemplate.Sample(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw definition.InvalidParameter("url", "must be an absolute http:// or https:// URL");
        }

        var method = new HttpMethod(definition.GetString("method", "GET")!.ToUpperInvariant());
        var headers = new List<(string Name, string Value, Placeholders? Template)>();
        if (definition.TryGet("headers", out var h))
        {
            if (h.ValueKind != JsonValueKind.Object)
            {
                throw definition.InvalidParameter("headers", "must be an object of header names to string values");
            }

            foreach (var header in h.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                {
                    throw definition.InvalidParameter($"headers.{header.Name}", "must be a string");
                }

                var value = header.Value.GetString()!;
                headers.Add((header.Name, value, Compile(definition, $"headers.{header.Name}", value, feeds)));
            }
        }

        byte[]? body = null;
        string? mediaType = null;
        Placeholders? bodyTemplate = null;
        if (definition.TryGet("body", out var b))
        {
            (body, mediaType) = b.ValueKind == JsonValueKind.String
                ? (Encoding.UTF8.GetBytes(b.GetString()!), "text/plain")
                : (Compact(b), "application/json");
            bodyTemplate = Compile(definition, "body", Encoding.UTF8.GetString(body), feeds);
        }

        var expected = definition.TryGet("expectedStatus", out var e) ? ResponseCheck.ReadStatus(definition, e, "expectedStatus") : null;
        var checks = ResponseCheck.Read(definition);
        var invoker = new HttpMessageInvoker(handlerFactory.CreateHandler(HttpClientName), disposeHandler: false);
        return new HttpStep(invoker, method, uri, headers, body, mediaType, expected, urlTemplate, bodyTemplate, checks);
    }

    /// <summary>A JSON body as compact UTF-8, written token by token (no reflection).</summary>
    private static byte[] Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Placeholders? Compile(StepDefinition definition, string parameter, string text, FeedSet? feeds)
    {
        try
        {
            return Placeholders.Compile(text, feeds);
        }
        catch (FormatException ex)
        {
            throw definition.InvalidParameter(parameter, ex.Message);
        }
    }

    private sealed class HttpStep(HttpMessageInvoker client, HttpMethod method, Uri uri, List<(string Name, string Value, Placeholders? Template)> headers, byte[]? body, string? mediaType, int[]? expected, Placeholders? urlTemplate, Placeholders? bodyTemplate, ResponseCheck[] checks) : IStep, ICheckedStep
    {
        private readonly bool _checksReadBody = checks.Any(c => c.NeedsBody);
        private readonly bool _checksReadJson = checks.Any(c => c.NeedsJson);

        public IReadOnlyList<ResponseCheck> Checks => checks;

        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, urlTemplate is { } url ? new Uri(url.Fill(context)) : uri);
            long sent = 0;
            if (body is not null)
            {
                var bytes = bodyTemplate is { } text ? Encoding.UTF8.GetBytes(text.Fill(context)) : body;
                sent = bytes.Length;
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType!);
                request.Content = content;
            }

            foreach (var (name, template, compiled) in headers)
            {
                var value = compiled is null ? template : compiled.Fill(context);
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    // A content header (Content-Type); after the body, so that it replaces the default rather than being lost.
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            try
            {
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                long received;
                if (checks.Length == 0 || !_checksReadBody)
                {
                    received = await DrainAsync(response.Content, cancellationToken).ConfigureAwait(false);
                    if (checks.Length > 0)
                    {
                        CountChecks(status, null);
                    }
                }
                else
                {
                    var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                    received = content.Length;
                    CountChecks(status, content);
                }

                var ok = expected is null ? status is >= 200 and < 400 : Array.IndexOf(expected, status) >= 0;
                return (ok ? StepResult.Succeeded(status) : StepResult.Failed(StatusErrors.For(status), status)).WithBytes(sent, received);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return StepResult.Failed("http_" + ex.HttpRequestError.ToString().ToLowerInvariant(), ex.StatusCode is { } s ? (int)s : null);
            }
        }

        /// <summary>Judges a response that arrived; a request that got none (a connection error, a timeout) is not checked.</summary>
        private void CountChecks(int status, byte[]? received)
        {
            JsonDocument? json = null;
            if (_checksReadJson)
            {
                try
                {
                    json = JsonDocument.Parse(received!);
                }
                catch (JsonException)
                {
                    // Not JSON: every JSON path check of this response fails.
                }
            }

            using (json)
            {
                foreach (var check in checks)
                {
                    check.Count(status, received, json?.RootElement);
                }
            }
        }
    }

    /// <summary>Reads the whole body without keeping it: the connection goes back to the pool, and nothing is allocated per request.</summary>
    /// <returns>The body's length in bytes, as received (before any decompression: the step's client does not decompress).</returns>
    private static async ValueTask<long> DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        long total = 0;
        // The handlers return the body unread: taking its stream does not block.
        var stream = content.ReadAsStream(cancellationToken);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while ((read = await stream.ReadAsync(DiscardBuffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }

        return total;
    }

    /// <summary>Caches <c>http_NNN</c> strings so a failing step does not allocate one per request.</summary>
    private static class StatusErrors
    {
        private static readonly string[] Names = [.. Enumerable.Range(0, 600).Select(i => "http_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string For(int status) => status is >= 0 and < 600 ? Names[status] : "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
