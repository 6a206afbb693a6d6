namespace Cortex.Testing.Zai.Internal;

/// <summary>The one function call an answer makes; <see cref="Arguments"/> is JSON text, as the wire carries it.</summary>
internal sealed record ToolCallAnswer(string Id, string Name, string Arguments);
