using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cortex.Testing.Zai;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Testing.Tests.Zai;

/// <summary>Raw HTTP against a <see cref="ZaiTestServer"/>, with a hand-written SSE reader, so tests see the wire as it is.</summary>
internal static class ZaiHttp
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static HttpClient Client(ZaiTestServer server, DecompressionMethods decompression = DecompressionMethods.All, string? apiKey = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = decompression }) { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? server.ApiKey);
        return client;
    }

    public static string ChatBody(string userText, string extraFields = "") =>
        $$"""{"model":"glm-4.6","messages":[{"role":"user","content":{{JsonSerializer.Serialize(userText)}}}]{{extraFields}}}""";

    public static HttpRequestMessage Post(string path, string json) =>
        new(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(Post(path, json), Ct);

    public static async Task<JsonElement> PostForJsonAsync(this HttpClient client, string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsync(path, json);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> ChatContentAsync(this HttpClient client, string json)
    {
        var completion = await client.PostForJsonAsync("chat/completions", json);
        return Message(completion).GetProperty("content").GetString()!;
    }

    public static JsonElement Message(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("message");

    public static string FinishReason(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString()!;

    /// <summary>Asserts a Z.AI error: the status, and the body <c>{"error":{"code":"...","message":"..."}}</c> with a string code.</summary>
    public static async Task AssertZaiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    public static async Task<SseResult> StreamAsync(this HttpClient client, string json)
    {
        using var response = await client.SendAsync(Post("chat/completions", json), HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await ReadEventsAsync(response);
    }

    /// <summary>Reads <c>data:</c> events until the stream ends or breaks; a break is returned, not thrown, so cut streams can be asserted.</summary>
    public static async Task<SseResult> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<string>();
        Exception? broken = null;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            while (await reader.ReadLineAsync(Ct) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add(line["data: ".Length..]);
                }
                else
                {
                    Assert.Equal(string.Empty, line);
                }
            }
        }
        catch (IOException exception)
        {
            broken = exception;
        }

        return new SseResult(events, broken);
    }

    /// <summary>
    /// Advances fake time in steps until <paramref name="task"/> completes and returns how far it went. Stepping, rather
    /// than one jump, keeps the test right even when the server creates its timer just after the test looked.
    /// </summary>
    public static async Task<TimeSpan> AdvanceUntilCompletedAsync(FakeTimeProvider time, Task task, TimeSpan step)
    {
        var advanced = TimeSpan.Zero;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!task.IsCompleted)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Still not completed after advancing fake time by {advanced}.");
            time.Advance(step);
            advanced += step;
            await Task.WhenAny(task, Task.Delay(20, Ct));
        }

        return advanced;
    }

    /// <summary>Waits for a condition the server reaches on its own (a request arriving or leaving); bounded, never a fixed sleep.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(5, Ct);
        }
    }
}

internal sealed record SseResult(IReadOnlyList<string> Events, Exception? Broken)
{
    public bool Done => Events.Count > 0 && Events[^1] == "[DONE]";

    public IReadOnlyList<JsonElement> Chunks =>
        Events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToArray();

    public string Content => string.Concat(Deltas("content"));

    public string Reasoning => string.Concat(Deltas("reasoning_content"));

    public IEnumerable<string> Deltas(string field) =>
        Chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty(field, out _))
            .Select(d => d.GetProperty(field).GetString()!);
}
