namespace Cortex.Internal;

/// <summary>
/// How one configuration section maps onto an options type: the type's own properties (matched without regard to
/// case, as the configuration binder does) plus aliases for the keys of <c>config/production.json</c> that name
/// a property differently or in another unit. Every entry point that reads the section uses the same schema, so a
/// key means one thing wherever it is read. Linked source.
/// </summary>
internal sealed class SectionSchema
{
    private readonly Dictionary<string, Alias> _aliases = new(StringComparer.OrdinalIgnoreCase);

    public SectionSchema(Type optionsType, string displayName)
    {
        OptionsType = optionsType;
        DisplayName = displayName;
    }

    /// <summary>The options type the section binds to.</summary>
    public Type OptionsType { get; }

    /// <summary>The name used in messages, for example <c>QdrantPoolOptions</c>.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// Reads <paramref name="key"/> (section-relative, <c>:</c>-separated) as <paramref name="target"/>, converting the
    /// value with <paramref name="convert"/> (which may throw <see cref="FormatException"/>). A <see langword="null"/>
    /// target accepts the key without binding it (the conversion then only checks it).
    /// </summary>
    public SectionSchema WithAlias(string key, string? target, Func<string, string>? convert = null)
    {
        _aliases[key] = new Alias(target, convert);
        return this;
    }

    internal bool TryGetAlias(string key, out Alias alias) => _aliases.TryGetValue(key, out alias!);

    internal IEnumerable<string> AliasKeys => _aliases.Keys;

    internal sealed record Alias(string? Target, Func<string, string>? Convert);
}
