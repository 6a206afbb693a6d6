using System.Collections.ObjectModel;
using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>
/// The base of Z.AI's wire objects (completions, chunks, choices, messages, tool calls, usage). Everything the client
/// returns is read-only, because the cache and deduplication hand the same answer to several callers: setting a property
/// then throws <see cref="InvalidOperationException"/>, changing a list <see cref="NotSupportedException"/>. Objects
/// you create stay writable.
/// </summary>
public abstract class ZaiObject
{
    private protected ZaiObject()
    {
    }

    /// <summary>Gets a value indicating whether this object, and everything it holds, is read-only.</summary>
    /// <value><see langword="true"/> for everything the client returns; <see langword="false"/> for objects you create.</value>
    [JsonIgnore]
    public bool IsReadOnly { get; private set; }

    /// <summary>Makes this object and everything it holds read-only, once and for all.</summary>
    internal void MakeReadOnly()
    {
        if (IsReadOnly)
        {
            return;
        }

        MakeContentsReadOnly();
        IsReadOnly = true;
    }

    /// <summary>Makes what this object holds read-only; called once, while the object is still writable.</summary>
    private protected virtual void MakeContentsReadOnly()
    {
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(items))]
    private protected static IList<T>? ReadOnly<T>(IList<T>? items)
        where T : ZaiObject
    {
        if (items is null)
        {
            return null;
        }

        foreach (var item in items)
        {
            item?.MakeReadOnly();
        }

        return items as ReadOnlyCollection<T> ?? new ReadOnlyCollection<T>(items);
    }

    private protected void ThrowIfReadOnly()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException(
                $"This {GetType().Name} is read-only: the client may share it with other callers (the cache, deduplication). Build a new one to change it.");
        }
    }
}
