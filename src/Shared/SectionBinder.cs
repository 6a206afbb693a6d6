using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cortex.Internal;

/// <summary>
/// Binds a configuration section onto an options object by one schema (<see cref="SectionSchema"/>), so every entry
/// point reads a key the same way:
/// <list type="bullet">
/// <item>durations accept a TimeSpan string (<c>"00:00:30"</c>) or a plain number of milliseconds (<c>30000</c>, as
/// <c>config/production.json</c> writes them); the binder alone would read <c>30000</c> as 30,000 days;</item>
/// <item>the legacy key aliases are read as the properties they stand for;</item>
/// <item>a list given in configuration replaces the default list instead of being appended to it;</item>
/// <item>keys that are not settings are returned, so the caller can report them (a misspelling is otherwise silent).</item>
/// </list>
/// The configuration binder does the binding itself; this rewrites the section's values first. Linked source.
/// </summary>
internal static class SectionBinder
{
    /// <summary>Why binding needs unreferenced and dynamic code: it walks the options' properties as the configuration binder does.</summary>
    public const string NeedsReflection = "Binding options from configuration walks their properties by reflection (the configuration binder does); in a trimmed or native AOT app configure them in code with the Action<TOptions> overload.";
    private static readonly Action<ILogger, string, string, Exception?> UnknownKeyLog = LoggerMessage.Define<string, string>(
        LogLevel.Warning,
        new EventId(1, "UnknownConfigurationKey"),
        "Configuration key {Key} is not a setting of {Options} and is ignored.");

    /// <summary>
    /// Binds <paramref name="configuration"/> by <paramref name="schema"/> for <paramref name="builder"/>'s options,
    /// follows reloads of it, and logs a warning for each key that is not a setting.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    public static OptionsBuilder<T> BindSection<T>(this OptionsBuilder<T> builder, IConfiguration configuration, SectionSchema schema)
        where T : class
    {
        builder.Services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(builder.Name, configuration));
        builder.Configure<IServiceProvider>((options, sp) => WarnUnknown(sp.GetService<ILoggerFactory>(), schema, Bind(options, configuration, schema)));
        return builder;
    }

    /// <summary>Logs a warning for each key <see cref="Bind"/> or <see cref="UnknownKeys"/> returned.</summary>
    public static void WarnUnknown(ILoggerFactory? loggers, SectionSchema schema, IReadOnlyList<string> unknown)
    {
        if (unknown.Count == 0 || loggers is null)
        {
            return;
        }

        var logger = loggers.CreateLogger(schema.OptionsType.FullName ?? schema.DisplayName);
        foreach (var key in unknown)
        {
            UnknownKeyLog(logger, key, schema.DisplayName, null);
        }
    }

    /// <summary>The keys of the section that are not settings, for a section read by other means.</summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration, SectionSchema schema) =>
        Normalize(configuration, schema).Unknown;

    /// <summary>
    /// Binds the section onto <paramref name="options"/>. Throws <see cref="InvalidOperationException"/> naming the key
    /// (and the value, which for a duration or number is never a secret) when a value cannot be read. Returns the keys
    /// that are not settings, with a suggestion where one is close; none when <paramref name="configuration"/> is a
    /// configuration root rather than a section (a root holds the whole application's keys).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    public static IReadOnlyList<string> Bind(object options, IConfiguration configuration, SectionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (prefix, values, lists, unknown) = Normalize(configuration, schema);
        foreach (var list in lists)
        {
            ClearList(options, list.Split(ConfigurationPath.KeyDelimiter));
        }

        var normalized = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        (prefix.Length == 0 ? (IConfiguration)normalized : normalized.GetSection(prefix)).Bind(options);
        return unknown;
    }

    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static (string Prefix, Dictionary<string, string?> Values, HashSet<string> Lists, List<string> Unknown) Normalize(IConfiguration configuration, SectionSchema schema)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var prefix = configuration is IConfigurationSection section ? section.Path : string.Empty;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lists = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (var (relative, value) in configuration.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }

            var fullKey = Join(prefix, relative);
            var key = relative;
            var text = value;
            if (schema.TryGetAlias(relative, out var alias))
            {
                text = alias.Convert is null ? text : Convert(alias.Convert, fullKey, text);
                if (alias.Target is null)
                {
                    continue;
                }

                key = alias.Target;
            }

            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            if (Resolve(schema.OptionsType, segments, out var listPath) is not { } type)
            {
                if (prefix.Length > 0)
                {
                    unknown.Add(Describe(fullKey, relative, schema));
                }

                continue;
            }

            if (listPath is not null)
            {
                lists.Add(listPath);
            }

            if (value.Length == 0 && !IsLeaf(type))
            {
                continue;
            }

            values[Join(prefix, key)] = IsDuration(type) ? Duration(fullKey, text) : text;
        }

        return (prefix, values, lists, unknown);
    }

    /// <summary>A duration in configuration: milliseconds as a plain number, else a TimeSpan string.</summary>
    public static TimeSpan ReadDuration(string key, string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            return double.IsFinite(ms) && Math.Abs(ms) < TimeSpan.MaxValue.TotalMilliseconds
                ? TimeSpan.FromMilliseconds(ms)
                : throw new InvalidOperationException($"Configuration key '{key}' is '{text}', which is too large for a duration in milliseconds.");
        }

        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new InvalidOperationException($"Configuration key '{key}' is '{text}', which is not a duration: write milliseconds (30000) or a TimeSpan (00:00:30).");
    }

    // The value as the configuration binder reads a TimeSpan.
    private static string Duration(string key, string text) => ReadDuration(key, text).ToString("c", CultureInfo.InvariantCulture);

    private static string Convert(Func<string, string> convert, string key, string text)
    {
        try
        {
            return convert(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Configuration key '{key}' is '{text}': {ex.Message}", ex);
        }
    }

    // The type a key path binds to, or null when the path names no setting. listPath is the path of the first list on
    // the way (the list that configuration replaces).
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static Type? Resolve(Type root, string[] segments, out string? listPath)
    {
        listPath = null;
        var type = root;
        for (var i = 0; i < segments.Length; i++)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (IsLeaf(type))
            {
                return null;
            }

            if (DictionaryValueType(type) is { } valueType)
            {
                type = valueType;
                continue;
            }

            if (ElementType(type) is { } elementType)
            {
                if (!int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return null;
                }

                listPath ??= string.Join(ConfigurationPath.KeyDelimiter, segments[..i]);
                type = elementType;
                continue;
            }

            var property = type.GetProperty(segments[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
        }

        return type;
    }

    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static void ClearList(object options, string[] path)
    {
        object? current = options;
        foreach (var segment in path)
        {
            current = current?.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(current);
        }

        if (current is IList { IsReadOnly: false, IsFixedSize: false } list)
        {
            list.Clear();
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid)
        || (Nullable.GetUnderlyingType(type) is { } inner && IsLeaf(inner));

    private static bool IsDuration(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(TimeSpan);

    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } d && d.GetGenericArguments()[0] == typeof(string) ? d.GetGenericArguments()[1] : null;

    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(ICollection<>))?.GetGenericArguments()[0];

    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : ConfigurationPath.Combine(prefix, key);

    // "qdrant:pool:maxConection (did you mean 'qdrant:pool:MaxConnections'?)": the closest setting or legacy key at the
    // level where the key stops matching.
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(NeedsReflection)]
    private static string Describe(string fullKey, string relative, SectionSchema schema)
    {
        var prefix = fullKey[..^relative.Length].TrimEnd(ConfigurationPath.KeyDelimiter[0]);
        var segments = relative.Split(ConfigurationPath.KeyDelimiter);
        for (var i = 0; i < segments.Length; i++)
        {
            if (Resolve(schema.OptionsType, segments[..(i + 1)], out _) is not null || AliasesBelow(schema, segments[..(i + 1)], i + 1).Any())
            {
                continue;
            }

            var level = segments[..i];
            var type = i == 0 ? schema.OptionsType : Resolve(schema.OptionsType, level, out _);
            var properties = type is null || IsLeaf(type)
                ? []
                : (Nullable.GetUnderlyingType(type) ?? type).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
            var best = properties.Concat(AliasesBelow(schema, level, i + 1).Select(a => a[i]))
                .Select(c => (Name: c, Distance: Distance(c, segments[i])))
                .Where(c => c.Distance <= Math.Max(2, segments[i].Length / 3))
                .OrderBy(c => c.Distance)
                .FirstOrDefault();
            return best.Name is null
                ? fullKey
                : $"{fullKey} (did you mean '{Join(prefix, string.Join(ConfigurationPath.KeyDelimiter, [.. level, best.Name]))}'?)";
        }

        return fullKey;
    }

    // The legacy keys that start with the given segments and have at least minLength segments.
    private static IEnumerable<string[]> AliasesBelow(SectionSchema schema, string[] start, int minLength) =>
        schema.AliasKeys
            .Select(a => a.Split(ConfigurationPath.KeyDelimiter))
            .Where(a => a.Length >= minLength && a.Take(start.Length).SequenceEqual(start, StringComparer.OrdinalIgnoreCase));

    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
