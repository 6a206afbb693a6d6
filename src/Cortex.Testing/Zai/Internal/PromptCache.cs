using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Imitates Z.AI's context cache for <c>usage.prompt_tokens_details.cached_tokens</c>: a prompt whose leading messages
/// (same model, same messages in the same order) were sent before reports their tokens as cached. Clients that
/// reuse a long system prompt can thus see and test their cache hits.
/// </summary>
internal sealed class PromptCache
{
    // Bounded so a long load test cannot grow it without end; forgetting everything at once is a cache flush, which real caches also do.
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    public int CachedTokens(string model, IReadOnlyList<ChatMessageInfo> messages)
    {
        var prefixHash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(model));
        var tokens = 0;
        var cached = 0;
        if (_seen.Count > MaxEntries)
        {
            _seen.Clear();
        }

        foreach (var message in messages)
        {
            prefixHash = SHA256.HashData([.. prefixHash, .. CanonicalJson.Canonicalize(message.Raw)]);
            tokens += message.Tokens;
            if (!_seen.TryAdd(Convert.ToHexString(prefixHash), 0))
            {
                cached = tokens;
            }
        }

        return cached;
    }
}
