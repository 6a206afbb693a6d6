using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Steps;

/// <summary>
/// The <c>http</c> step: sends <c>method</c> (default GET) to <c>url</c> with optional <c>headers</c> (an object of
/// strings) and <c>body</c> (a string, sent as text, or any other JSON value, sent as <c>application/json</c>), reads
/// the whole response, and succeeds when the status is <c>expectedStatus</c> (a number or an array of numbers; by
/// default any 2xx or 3xx). Failures are typed <c>http_503</c>, <c>http_connectionerror</c>, <c>timeout</c>.
/// </summary>
/// <param name="httpClientFactory">Creates the client named <see cref="HttpClientName"/>.</param>
public sealed class HttpStepHandler(IHttpClientFactory httpClientFactory) : IStepHandler
{
    /// <summary>The name of the <see cref="HttpClient"/> the step uses; configure it with <c>services.AddHttpClient(HttpStepHandler.HttpClientName)</c>.</summary>
    public const string HttpClientName = "Cortex.LoadTesting.Http";

    /// <inheritdoc />
    public string StepType => "http";

    /// <inheritdoc />
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var url = definition.GetRequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw definition.InvalidParameter("url", "must be an absolute http:// or https:// URL");
        }

        var method = new HttpMethod(definition.GetString("method", "GET")!.ToUpperInvariant());
        var headers = new List<KeyValuePair<string, string>>();
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

                headers.Add(new(header.Name, header.Value.GetString()!));
            }
        }

        byte[]? body = null;
        string? mediaType = null;
        if (definition.TryGet("body", out var b))
        {
            (body, mediaType) = b.ValueKind == JsonValueKind.String
                ? (Encoding.UTF8.GetBytes(b.GetString()!), "text/plain")
                : (JsonSerializer.SerializeToUtf8Bytes(b), "application/json");
        }

        var expected = ReadExpected(definition);
        return new HttpStep(httpClientFactory.CreateClient(HttpClientName), method, uri, headers, body, mediaType, expected);
    }

    private static int[]? ReadExpected(StepDefinition definition)
    {
        if (!definition.TryGet("expectedStatus", out var e))
        {
            return null;
        }

        var values = e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray()] : new[] { e };
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].ValueKind != JsonValueKind.Number || !values[i].TryGetInt32(out codes[i]) || codes[i] is < 100 or > 599)
            {
                throw definition.InvalidParameter("expectedStatus", "must be an HTTP status code (100-599) or an array of them");
            }
        }

        return codes;
    }

    private sealed class HttpStep(HttpClient client, HttpMethod method, Uri uri, List<KeyValuePair<string, string>> headers, byte[]? body, string? mediaType, int[]? expected) : IStep
    {
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(method, uri);
            foreach (var (name, value) in headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content ??= new ByteArrayContent([]);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (body is not null)
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType!);
                request.Content = content;
            }

            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var ok = expected is null ? status is >= 200 and < 400 : Array.IndexOf(expected, status) >= 0;
                return ok ? StepResult.Succeeded(status) : StepResult.Failed(StatusErrors.For(status), status);
            }
            catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return StepResult.Failed("http_" + ex.HttpRequestError.ToString().ToLowerInvariant(), ex.StatusCode is { } s ? (int)s : null);
            }
        }
    }

    /// <summary>Caches <c>http_NNN</c> strings so a failing step does not allocate one per request.</summary>
    private static class StatusErrors
    {
        private static readonly string[] Names = [.. Enumerable.Range(0, 600).Select(i => "http_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string For(int status) => status is >= 0 and < 600 ? Names[status] : "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
