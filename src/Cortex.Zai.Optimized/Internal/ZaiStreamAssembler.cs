using System.Text;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>Turns a stream's chunks into the completion they add up to, and a completion back into chunks (a cache hit replayed as a stream).</summary>
internal static class ZaiStreamAssembler
{
    public static ZaiCompletion Assemble(IReadOnlyList<ZaiCompletionChunk> chunks)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        string? finish = null;
        string? role = null;
        ZaiUsage? usage = null;
        foreach (var chunk in chunks)
        {
            usage = chunk.Usage ?? usage;
            foreach (var choice in chunk.Choices)
            {
                finish = choice.FinishReason ?? finish;
                if (choice.Delta is not { } delta)
                {
                    continue;
                }

                role ??= delta.Role;
                content.Append(delta.Content);
                reasoning.Append(delta.ReasoningContent);
                foreach (var call in delta.ToolCalls ?? [])
                {
                    var index = call.Index ?? calls.Count;
                    var current = calls.TryGetValue(index, out var existing) ? existing : (null, null, new StringBuilder());
                    calls[index] = (call.Id ?? current.Id, call.Function?.Name ?? current.Name, current.Arguments.Append(call.Function?.Arguments));
                }
            }
        }

        var first = chunks.Count > 0 ? chunks[0] : new ZaiCompletionChunk();
        var message = new ZaiChatMessage
        {
            Role = role ?? "assistant",
            Content = content.ToString(),
            ReasoningContent = reasoning.Length > 0 ? reasoning.ToString() : null,
            ToolCalls = calls.Count > 0
                ? [.. calls.Values.Select(c => new ZaiToolCall { Id = c.Id, Function = new ZaiFunctionCall { Name = c.Name, Arguments = c.Arguments.ToString() } })]
                : null,
        };
        var completion = new ZaiCompletion
        {
            Id = first.Id,
            Created = first.Created,
            Model = first.Model,
            Choices = [new ZaiChoice { Index = 0, Message = message, FinishReason = finish }],
            Usage = usage,
        };
        completion.MakeReadOnly();
        return completion;
    }

    public static IEnumerable<ZaiCompletionChunk> Replay(ZaiCompletion completion)
    {
        var message = completion.Choices.Count > 0 ? completion.Choices[0].Message : null;
        ZaiCompletionChunk Chunk(ZaiChatMessage delta, string? finish = null, ZaiUsage? usage = null)
        {
            // Read-only like every chunk the client returns; it also holds parts of the cached completion.
            var chunk = new ZaiCompletionChunk
            {
                Id = completion.Id,
                Created = completion.Created,
                Model = completion.Model,
                Choices = [new ZaiChoice { Index = 0, Delta = delta, FinishReason = finish }],
                Usage = usage,
            };
            chunk.MakeReadOnly();
            return chunk;
        }

        if (!string.IsNullOrEmpty(message?.ReasoningContent))
        {
            yield return Chunk(new ZaiChatMessage { Role = "assistant", ReasoningContent = message.ReasoningContent });
        }

        if (!string.IsNullOrEmpty(message?.Content))
        {
            yield return Chunk(new ZaiChatMessage { Role = "assistant", Content = message.Content });
        }

        if (message?.ToolCalls is { Count: > 0 } calls)
        {
            yield return Chunk(new ZaiChatMessage
            {
                Role = "assistant",
                ToolCalls = [.. calls.Select((c, i) => new ZaiToolCall { Index = i, Id = c.Id, Type = c.Type, Function = c.Function })],
            });
        }

        yield return Chunk(new ZaiChatMessage(), completion.FinishReason, completion.Usage);
    }
}
