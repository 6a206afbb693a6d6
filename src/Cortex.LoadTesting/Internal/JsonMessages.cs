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

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+)\.$", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionPattern();
}
