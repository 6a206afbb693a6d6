using System.Collections.Concurrent;
using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>
/// A Kestrel server on 127.0.0.1 that keeps what it received (<c>path?query header body</c>, with the <c>X-Vu</c>
/// header) and answers every request through <paramref name="respond"/>, given the request's number from 0.
/// </summary>
internal sealed class RecordingTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _base;
    private int _requests = -1;

    private RecordingTarget(WebApplication app, Uri baseUri)
    {
        _app = app;
        _base = baseUri;
    }

    /// <summary>Gets each request as the target saw it: the path and query, the <c>X-Vu</c> header and the body, space separated.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    /// <summary>Gets how many requests were answered with each status.</summary>
    public ConcurrentDictionary<int, int> Statuses { get; } = new();

    public static async Task<RecordingTarget> StartAsync(Func<int, (int Status, string Body)> respond, CancellationToken cancellationToken)
    {
        RecordingTarget? target = null;
        var (app, baseUri) = await LoopbackApp.StartAsync(
            app => app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                var t = target!;
                t.Received.Enqueue($"{context.Request.Path}{context.Request.QueryString} {context.Request.Headers["X-Vu"]} {body}".TrimEnd());
                var (status, text) = respond(Interlocked.Increment(ref t._requests));
                t.Statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(text, context.RequestAborted);
            }),
            cancellationToken);
        target = new RecordingTarget(app, baseUri);
        return target;
    }

    public string Url(string pathAndQuery) => new Uri(_base, pathAndQuery).ToString();

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);
}
