using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Cortex.Slo.Alerting;

/// <summary>
/// A channel that POSTs a JSON body: the webhook (<see cref="WebhookPayload"/>) and Slack (<see cref="SlackPayload"/>).
/// 2xx is delivered; 429, 408 and 5xx are retried (with the Retry-After asked for); other statuses are refused for good.
/// The URL never reaches a result: it is a secret (Slack's carries its token in the path).
/// </summary>
internal sealed class JsonChannel(string name, Uri url, Func<AlertNotification, byte[]> payload, IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : IAlertChannel
{
    /// <summary>The header that carries <see cref="AlertNotification.Key"/>.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Name => name;

    public async Task<DeliveryResult> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(payload(notification));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(IdempotencyKeyHeader, notification.Key);
        try
        {
            using var client = httpClientFactory.CreateClient(AlertHttpClient.Name);
            using var response = await client.SendAsync(request, cancellationToken);
            return Classify(response, timeProvider);
        }
        catch (HttpRequestException ex)
        {
            // Not ex.Message: it may quote the address.
            return DeliveryResult.Retry($"request failed ({ex.HttpRequestError})");
        }
    }

    /// <summary>Writes one JSON object whose members <paramref name="members"/> writes.</summary>
    internal static byte[] Object(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>2xx is delivered; 429, 408 and 5xx are to be retried (after the Retry-After asked for); other statuses are refused.</summary>
    internal static DeliveryResult Classify(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Delivered;
        }

        var reason = $"HTTP {(int)status} ({status})";
        return status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500
            ? DeliveryResult.Retry(reason, RetryAfter(response, timeProvider))
            : DeliveryResult.Rejected(reason);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
