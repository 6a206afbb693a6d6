using System.Text.Json;

namespace Cortex.Testing.Zai.Internal;

/// <summary>A checked chat message: its text parts joined, its token count (one per word plus one for the role), and the raw JSON.</summary>
internal sealed record ChatMessageInfo(string Role, string Text, int Tokens, JsonElement Raw);
