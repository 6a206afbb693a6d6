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

    private readonly TimeProvider _clock;
    private WebApplication? _app;
    private int _port;

    private HttpReceiver(TimeProvider clock)
    {
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
        var receiver = new HttpReceiver(clock);
        await receiver.ListenAsync();
        receiver.Url = new Uri($"http://127.0.0.1:{receiver._port}{SecretPath}");
        return receiver;
    }

    /// <summary>Takes the receiver down: its port is closed, so connections are refused, as when the process is stopped.</summary>
    public async Task GoDownAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Brings the receiver back on the same port, keeping what it recorded.</summary>
    public Task ComeBackAsync() => _app is null ? ListenAsync() : Task.CompletedTask;

    public ValueTask DisposeAsync() => new(GoDownAsync());

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        _port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var (status, retryAfter) = Script.TryDequeue(out var scripted) ? scripted : (Status, null);
        Requests.Enqueue(new ReceivedRequest(_clock.GetUtcNow(), status, context.Request.Path, context.Request.ContentType, body, context.Request.Headers["Idempotency-Key"].ToString()));
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await context.Response.WriteAsync(status == 200 ? "ok" : "no", context.RequestAborted);
    }
}

/// <summary>One request a <see cref="HttpReceiver"/> got.</summary>
internal sealed record ReceivedRequest(DateTimeOffset At, int Status, string Path, string? ContentType, string Body, string IdempotencyKey)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
