namespace Cortex.Testing.Zai.Internal;

/// <summary>What a chat request is answered with, before it is written as one JSON body or as SSE chunks.</summary>
internal sealed record ChatAnswer(
    string? Reasoning,
    string? Content,
    ToolCallAnswer? ToolCall,
    string FinishReason,
    int PromptTokens,
    int CachedTokens,
    int CompletionTokens);
