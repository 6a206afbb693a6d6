using System.Runtime.CompilerServices;
using System.Text.Json;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.AI;

namespace Cortex.Zai.Optimized;

public sealed partial class ZaiOptimizedClient
{
    [ThreadStatic]
    private static ZaiCompletionRequest? t_scratchRequest;

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for Z.AI's <c>do_sample</c> (a bool).</summary>
    public const string DoSampleProperty = "do_sample";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for thinking mode (a bool, or a <see cref="ZaiThinking"/>).</summary>
    public const string ThinkingProperty = "thinking";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for Z.AI's <c>request_id</c>.</summary>
    public const string RequestIdProperty = "request_id";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for Z.AI's <c>user_id</c>.</summary>
    public const string UserIdProperty = "user_id";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for a <see cref="ZaiCacheMode"/>.</summary>
    public const string CacheModeProperty = "cortex.cache_mode";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for a cache TTL (a <see cref="TimeSpan"/>).</summary>
    public const string CacheTtlProperty = "cortex.cache_ttl";

    /// <summary>
    /// Sends the messages to Z.AI through the client's pipeline. <see cref="ChatResponse.RawRepresentation"/> is the
    /// <see cref="ZaiCompletion"/>, whose <see cref="ZaiCompletion.Source"/> says where the answer came from.
    /// </summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">MEAI options; Z.AI's own fields go in <see cref="ChatOptions.AdditionalProperties"/> under the <c>*Property</c> keys of this class.</param>
    /// <param name="cancellationToken">Stops this caller waiting.</param>
    /// <returns>The answer.</returns>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The request object is this thread's scratch: the client copies what must outlive the call (the upstream
        // request gets its own message list), so after the call it is free again, and a cache hit allocates none.
        var request = t_scratchRequest ?? new ZaiCompletionRequest();
        t_scratchRequest = null;
        ZaiCompletion completion;
        try
        {
            Fill(request, messages, options);
            completion = await GenerateCoreAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Messages.Clear();
            t_scratchRequest = request;
        }

        var message = completion.Choices.Count > 0 ? completion.Choices[0].Message : null;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, ToContents(message)))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.Created > 0 ? DateTimeOffset.FromUnixTimeSeconds(completion.Created) : null,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ZaiCompletionRequest();
        Fill(request, messages, options);
        await foreach (var chunk in StreamCompletionAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var choice = chunk.Choices.Count > 0 ? chunk.Choices[0] : null;
            var contents = ToContents(choice?.Delta);
            if (ToUsage(chunk.Usage) is { } usage)
            {
                contents.Add(new UsageContent(usage));
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                ResponseId = chunk.Id,
                ModelId = chunk.Model,
                CreatedAt = chunk.Created > 0 ? DateTimeOffset.FromUnixTimeSeconds(chunk.Created) : null,
                FinishReason = ToFinishReason(choice?.FinishReason),
                RawRepresentation = chunk,
            };
        }
    }

    // Sets every field of the request (it may be a reused one): each assignment below is unconditional, so nothing of
    // an earlier request can remain. Its message list is expected empty.
    private static void Fill(ZaiCompletionRequest request, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var extra = options?.AdditionalProperties;
        request.Model = options?.ModelId;
        request.Temperature = options?.Temperature;
        request.TopP = options?.TopP;
        request.MaxTokens = options?.MaxOutputTokens;
        request.Stop = options?.StopSequences;
        request.DoSample = extra is not null && extra.TryGetValue(DoSampleProperty, out bool doSample) ? doSample : null;
        request.Thinking = extra is null ? null
            : extra.TryGetValue(ThinkingProperty, out ZaiThinking? thinking) ? thinking
            : extra.TryGetValue(ThinkingProperty, out bool think) ? new ZaiThinking { Type = think ? "enabled" : "disabled" }
            : null;
        request.RequestId = extra is not null && extra.TryGetValue(RequestIdProperty, out string? requestId) ? requestId : null;
        request.UserId = extra is not null && extra.TryGetValue(UserIdProperty, out string? userId) ? userId : null;
        request.CacheMode = extra is not null && extra.TryGetValue(CacheModeProperty, out ZaiCacheMode mode) ? mode : ZaiCacheMode.Default;
        request.CacheTtl = extra is not null && extra.TryGetValue(CacheTtlProperty, out TimeSpan ttl) ? ttl : null;
        request.Tools = null;
        request.ToolChoice = null;
        request.ResponseFormat = options?.ResponseFormat is ChatResponseFormatJson
            ? JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["type"] = "json_object" })
            : null;
        request.Stream = null;

        if (options?.Instructions is { Length: > 0 } instructions)
        {
            request.Messages.Add(new ZaiChatMessage { Role = "system", Content = instructions });
        }

        if (messages is IList<ChatMessage> list)
        {
            // Indexed, so the usual array or list of messages costs no boxed enumerator.
            for (var i = 0; i < list.Count; i++)
            {
                AddMessages(request.Messages, list[i]);
            }
        }
        else
        {
            foreach (var message in messages)
            {
                AddMessages(request.Messages, message);
            }
        }

        if (options?.Tools is { Count: > 0 } tools)
        {
            request.Tools = JsonSerializer.SerializeToElement(
                tools.OfType<AIFunctionDeclaration>().Select(t => new Dictionary<string, object>
                {
                    ["type"] = "function",
                    ["function"] = new Dictionary<string, object> { ["name"] = t.Name, ["description"] = t.Description ?? string.Empty, ["parameters"] = t.JsonSchema },
                }).ToList());
            request.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => JsonSerializer.SerializeToElement("none"),
                RequiredChatToolMode { RequiredFunctionName: { } name } => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["type"] = "function", ["function"] = new Dictionary<string, string> { ["name"] = name } }),
                _ => null,
            };
        }

    }

    // One pass over the contents, without LINQ: this runs on every request, cache hits included.
    private static void AddMessages(IList<ZaiChatMessage> target, ChatMessage message)
    {
        string? text = null;
        System.Text.StringBuilder? texts = null;
        string? reasoning = null;
        List<ZaiToolCall>? calls = null;
        var all = message.Contents;
        for (var i = 0; i < all.Count; i++)
        {
            switch (all[i])
            {
                case TextContent t when text is null && texts is null:
                    text = t.Text;
                    break;
                case TextContent t:
                    texts ??= new System.Text.StringBuilder(text);
                    texts.Append(t.Text);
                    break;
                case TextReasoningContent r:
                    reasoning += r.Text;
                    break;
                case FunctionCallContent c:
                    (calls ??= []).Add(new ZaiToolCall { Id = c.CallId, Function = new ZaiFunctionCall { Name = c.Name, Arguments = JsonSerializer.Serialize(c.Arguments) } });
                    break;
                case FunctionResultContent r:
                    target.Add(new ZaiChatMessage
                    {
                        Role = "tool",
                        ToolCallId = r.CallId,
                        Content = r.Result as string ?? JsonSerializer.Serialize(r.Result),
                    });
                    break;
            }
        }

        if (text is null && texts is null && reasoning is null && calls is null && message.Contents.Count > 0)
        {
            // The message carried only tool results, already added.
            return;
        }

        target.Add(new ZaiChatMessage
        {
            Role = message.Role.Value,
            Content = texts?.ToString() ?? text ?? string.Empty,
            ReasoningContent = reasoning,
            ToolCalls = calls,
        });
    }

    private static List<AIContent> ToContents(ZaiChatMessage? message)
    {
        if (message is null)
        {
            return [];
        }

        // Sized to what it will hold: a plain answer is one TextContent.
        var contents = new List<AIContent>((string.IsNullOrEmpty(message.ReasoningContent) ? 0 : 1) + (string.IsNullOrEmpty(message.Content) ? 0 : 1) + (message.ToolCalls?.Count ?? 0));

        if (!string.IsNullOrEmpty(message.ReasoningContent))
        {
            contents.Add(new TextReasoningContent(message.ReasoningContent));
        }

        if (!string.IsNullOrEmpty(message.Content))
        {
            contents.Add(new TextContent(message.Content));
        }

        for (var i = 0; message.ToolCalls is { } calls && i < calls.Count; i++)
        {
            var call = calls[i];
            var arguments = string.IsNullOrEmpty(call.Function?.Arguments)
                ? null
                : JsonSerializer.Deserialize<Dictionary<string, object?>>(call.Function.Arguments);
            contents.Add(new FunctionCallContent(call.Id ?? string.Empty, call.Function?.Name ?? string.Empty, arguments));
        }

        return contents;
    }

    private static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" => ChatFinishReason.ToolCalls,
        "sensitive" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static UsageDetails? ToUsage(ZaiUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.PromptTokens,
        OutputTokenCount = usage.CompletionTokens,
        TotalTokenCount = usage.TotalTokens,
        CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
    };
}
