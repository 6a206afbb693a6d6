using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Tests.Support;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 that stands for a webhook or a Slack incoming webhook: it records every POST (with the
/// fake-clock time it arrived) and answers <see cref="Status"/>, or first the one-shot answers queued in <see cref="Script"/>.
/// Its URL ends in a secret path, as a Slack webhook's does, so tests can check the secret never leaks.
/// </summary>
internal sealed class HttpReceiver : IAsyncDisposable
{
    public const string SecretPath = "/services/T0001/B0002/s3cr3t-T0KEN-in-path";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;

    private HttpReceiver(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>Gets every request received, in order, with the answer it got.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Gets the answers to give before falling back to <see cref="Status"/>: status code and Retry-After value.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Script { get; } = new();

    /// <summary>Gets or sets the status code answered when <see cref="Script"/> is empty.</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public Uri Url { get; private set; } = null!;

    /// <summary>Gets the requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. Requests.Where(r => r.Status is >= 200 and < 300)];

    public static async Task<HttpReceiver> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new HttpReceiver(app, clock);
        app.Run(receiver.AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        receiver.Url = new Uri(new Uri(app.Urls.Single()), SecretPath);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var (status, retryAfter) = Script.TryDequeue(out var scripted) ? scripted : (Status, null);
        Requests.Enqueue(new ReceivedRequest(_clock.GetUtcNow(), status, context.Request.Path, context.Request.ContentType, body));
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(status == 200 ? "ok" : "no", context.RequestAborted);
    }
}

/// <summary>One request a <see cref="HttpReceiver"/> got.</summary>
internal sealed record ReceivedRequest(DateTimeOffset At, int Status, string Path, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
