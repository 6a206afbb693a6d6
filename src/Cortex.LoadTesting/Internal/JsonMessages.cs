using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Cortex.LoadTesting.Internal;

/// <summary>
/// System.Text.Json's messages in words for the people who wrote the file: the position once (ours, one-based, not
/// its zero-based copy) and what was expected instead of the .NET type it could not convert to.
/// </summary>
internal static partial class JsonMessages
{
    /// <summary>The message without System.Text.Json's trailing <c>Path: … | LineNumber: … | BytePositionInLine: …</c>.</summary>
    public static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        cut = cut >= 0 ? cut : message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>The message without its position, and "could not be converted to System.X" said as what the value must be.</summary>
    public static string Describe(string message)
    {
        var what = WithoutPosition(message);
        var conversion = ConversionPattern().Match(what);
        return conversion.Success ? $"expected {Expected(conversion.Groups["type"].Value)}." : what;
    }

    /// <summary>
    /// As <see cref="Describe(string)"/>, with the expected type found from the JSON path in <paramref name="root"/>'s
    /// metadata: source-generated metadata names the object that failed, not the property's type.
    /// </summary>
    public static string Describe(string message, string? path, JsonTypeInfo root)
    {
        var what = WithoutPosition(message);
        if (!ConversionPattern().IsMatch(what))
        {
            return what;
        }

        return TypeAt(root, path) is { } type ? $"expected {Expected(type.FullName ?? type.Name)}." : Describe(message);
    }

    /// <summary>The declared type of the value at <paramref name="path"/> (<c>$.breakpoint.levels[0].duration</c>).</summary>
    private static Type? TypeAt(JsonTypeInfo root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var info = root;
        foreach (var part in PathPart().Matches(path[1..]).Cast<Match>())
        {
            if (part.Groups["index"].Success)
            {
                info = info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element ? info.Options.GetTypeInfo(element) : null;
            }
            else
            {
                var property = info.Properties.FirstOrDefault(p => p.Name == part.Groups["name"].Value);
                info = property is null ? null : info.Options.GetTypeInfo(property.PropertyType);
            }

            if (info is null)
            {
                return null;
            }
        }

        return Nullable.GetUnderlyingType(info.Type) ?? info.Type;
    }

    private static string Expected(string type)
    {
        var name = type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? type["System.Nullable`1[".Length..^1] : type;
        return name switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            "System.TimeSpan" => "a time span such as \"00:00:05\"",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time such as \"2026-12-03T14:00:00+00:00\"",
            "Cortex.LoadTesting.LoadModel" => $"one of {string.Join(", ", LoadModels.Names)}",
            "Cortex.LoadTesting.Results.LoadTestStatus" => "one of completed, stopped, aborted",
            _ when name.StartsWith("System.Collections.", StringComparison.Ordinal) => "an array",
            _ => "a value of another kind (see a result written by cortex-load)",
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathPart();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+)\.$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionPattern();
}
