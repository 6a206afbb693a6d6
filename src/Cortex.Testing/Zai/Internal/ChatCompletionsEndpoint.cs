using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// <c>POST chat/completions</c>: one <c>chat.completion</c> JSON body, or with <c>stream: true</c> Server-Sent Events of
/// <c>chat.completion.chunk</c> (reasoning first, then content, then a last chunk with <c>finish_reason</c> and
/// <c>usage</c>) closed by <c>data: [DONE]</c>, each event flushed on its own.
/// </summary>
internal sealed class ChatCompletionsEndpoint(ZaiServerState state)
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task HandleAsync(HttpContext context, JsonElement body, CancellationToken cancellationToken)
    {
        var request = ChatRequest.Parse(body);
        var answer = CompletionGenerator.Generate(request, state.Options, state.Faults.FinishReason, state.PromptCache);
        var now = state.Options.TimeProvider.GetUtcNow();
        var id = state.NextResponseId(now);
        var header = new ResponseHeader(id, request.RequestId ?? id, now.ToUnixTimeSeconds(), request.Model);

        if (request.Stream)
        {
            await StreamAsync(context, header, answer, cancellationToken);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(Completion(header, answer), cancellationToken);
    }

    private async Task StreamAsync(HttpContext context, ResponseHeader header, ChatAnswer answer, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);

        var cut = state.Faults.TryTakeStreamCut(out var cutAfter);
        var sent = 0;
        foreach (var chunk in Chunks(header, answer))
        {
            if (cut && sent == cutAfter)
            {
                await CutAsync(context);
                return;
            }

            await response.Body.WriteAsync(DataPrefix, cancellationToken);
            await response.Body.WriteAsync(chunk, cancellationToken);
            await response.Body.WriteAsync(EventEnd, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            sent++;
        }

        if (cut)
        {
            await CutAsync(context);
            return;
        }

        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task CutAsync(HttpContext context)
    {
        await context.Response.Body.FlushAsync(CancellationToken.None);

        // Not HttpContext.Abort(): that resets the socket and drops bytes still queued for it, so the client would lose
        // the chunks it was meant to get. Failing after the response started makes Kestrel send what it has and close
        // the connection without the chunked terminator: the client reads every chunk, then "response ended prematurely".
        throw new StreamCutException();
    }

    private IEnumerable<byte[]> Chunks(ResponseHeader header, ChatAnswer answer)
    {
        var size = state.Options.StreamChunkTokens;
        foreach (var piece in Split(answer.Reasoning, size))
        {
            yield return Chunk(header, json => json.WriteString("reasoning_content", piece), finish: null);
        }

        foreach (var piece in Split(answer.Content, size))
        {
            yield return Chunk(header, json => json.WriteString("content", piece), finish: null);
        }

        if (answer.ToolCall is { } call)
        {
            yield return Chunk(header, json => WriteToolCalls(json, call), finish: null);
        }

        yield return Chunk(header, json => json.WriteString("content", string.Empty), answer);
    }

    /// <summary>Splits text into runs of <paramref name="size"/> words whose concatenation is exactly the text.</summary>
    private static IEnumerable<string> Split(string? text, int size)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i += size)
        {
            var run = string.Join(' ', words.Skip(i).Take(size));
            yield return i == 0 ? run : " " + run;
        }
    }

    private static byte[] Chunk(ResponseHeader header, Action<Utf8JsonWriter> writeDelta, ChatAnswer? finish)
    {
        return JsonBytes.Object(json =>
        {
            WriteHeader(json, header, "chat.completion.chunk");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            json.WriteString("role", "assistant");
            writeDelta(json);
            json.WriteEndObject();
            if (finish is not null)
            {
                json.WriteString("finish_reason", finish.FinishReason);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            if (finish is not null)
            {
                WriteUsage(json, finish);
            }
        });
    }

    private static byte[] Completion(ResponseHeader header, ChatAnswer answer)
    {
        return JsonBytes.Object(json =>
        {
            WriteHeader(json, header, "chat.completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteString("finish_reason", answer.FinishReason);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", answer.Content);
            if (answer.Reasoning is not null)
            {
                json.WriteString("reasoning_content", answer.Reasoning);
            }

            if (answer.ToolCall is { } call)
            {
                WriteToolCalls(json, call);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            WriteUsage(json, answer);
        });
    }

    private static void WriteHeader(Utf8JsonWriter json, ResponseHeader header, string objectType)
    {
        json.WriteString("id", header.Id);
        json.WriteString("request_id", header.RequestId);
        json.WriteNumber("created", header.Created);
        json.WriteString("model", header.Model);
        json.WriteString("object", objectType);
    }

    private static void WriteToolCalls(Utf8JsonWriter json, ToolCallAnswer call)
    {
        json.WriteStartArray("tool_calls");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteString("id", call.Id);
        json.WriteString("type", "function");
        json.WriteStartObject("function");
        json.WriteString("name", call.Name);
        json.WriteString("arguments", call.Arguments);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteUsage(Utf8JsonWriter json, ChatAnswer answer)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", answer.PromptTokens);
        json.WriteNumber("completion_tokens", answer.CompletionTokens);
        json.WriteNumber("total_tokens", answer.PromptTokens + answer.CompletionTokens);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", answer.CachedTokens);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private sealed record ResponseHeader(string Id, string RequestId, long Created, string Model);
}
