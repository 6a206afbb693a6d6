using System.Collections;
using System.Globalization;
using System.Text;

namespace Cortex.Slo.Exports;

/// <summary>A value in a YAML document that <see cref="YamlWriter"/> writes in block style; strings, numbers and booleans convert to it.</summary>
internal abstract class YamlValue
{
    public static implicit operator YamlValue(string value) => new YamlScalar(value, quoted: true);

    public static implicit operator YamlValue(double value) => YamlScalar.Number(value);

    public static implicit operator YamlValue(decimal value) => new YamlScalar(Cortex.Slo.Internal.Names.Number(value), quoted: false);

    public static implicit operator YamlValue(bool value) => new YamlScalar(value ? "true" : "false", quoted: false);
}

/// <summary>A scalar: a string (quoted by the writer when YAML would read it as something else) or a number or boolean written as is.</summary>
internal sealed class YamlScalar(string text, bool quoted) : YamlValue
{
    public string Text { get; } = text;

    /// <summary>Gets a value indicating whether <see cref="Text"/> is a string the writer must keep a string.</summary>
    public bool IsString { get; } = quoted;

    public static YamlScalar Number(double value) => new(
        value switch
        {
            double.NaN => ".nan",
            double.PositiveInfinity => ".inf",
            double.NegativeInfinity => "-.inf",
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        },
        quoted: false);
}

/// <summary>A mapping whose keys keep their order, with comment lines among them.</summary>
internal sealed class YamlMapping : YamlValue, IEnumerable
{
    public List<(string? Key, YamlValue? Value, string? Comment)> Entries { get; } = [];

    public void Add(string key, YamlValue value) => Entries.Add((key, value, null));

    public void Comment(string text) => Entries.Add((null, null, text));

    IEnumerator IEnumerable.GetEnumerator() => Entries.GetEnumerator();
}

/// <summary>A sequence, with comment lines among its items.</summary>
internal sealed class YamlSequence : YamlValue, IEnumerable
{
    public List<(YamlValue? Item, string? Comment)> Items { get; } = [];

    public void Add(YamlValue item) => Items.Add((item, null));

    public void Comment(string text) => Items.Add((null, text));

    IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();
}

/// <summary>
/// Writes YAML by hand, in block style with two-space indentation, so that the output reads like a hand-written rule
/// file and needs no YAML library. A string stays plain only when no YAML reader could take it for anything else (a
/// number, a boolean, null, a timestamp, a comment or an indicator); other strings are single-quoted, multi-line ones
/// are literal blocks, and strings with control characters are double-quoted with escapes.
/// </summary>
internal static class YamlWriter
{
    private static readonly string[] Reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

    /// <summary>Writes documents separated by <c>---</c>, each preceded by its comment lines.</summary>
    public static string Write(IEnumerable<(IReadOnlyList<string> Comments, YamlMapping Root)> documents)
    {
        var yaml = new StringBuilder();
        foreach (var (comments, root) in documents)
        {
            if (yaml.Length > 0)
            {
                yaml.Append("---\n");
            }

            foreach (var comment in comments)
            {
                AppendComment(yaml, 0, comment);
            }

            WriteMapping(yaml, root, 0, inline: false);
        }

        return yaml.ToString();
    }

    private static void WriteMapping(StringBuilder yaml, YamlMapping mapping, int indent, bool inline)
    {
        foreach (var (key, value, comment) in mapping.Entries)
        {
            if (comment is not null)
            {
                // A comment cannot follow "- " on the item's first line, so it goes on a line of its own before it.
                if (inline)
                {
                    throw new InvalidOperationException("A mapping in a sequence cannot start with a comment; comment the sequence item instead.");
                }

                AppendComment(yaml, indent, comment);
                continue;
            }

            if (!inline)
            {
                yaml.Append(' ', indent);
            }

            inline = false;
            yaml.Append(PlainOrQuoted(key!)).Append(':');
            WriteValue(yaml, value!, indent);
        }
    }

    /// <summary>Writes what follows <c>key:</c> or <c>-</c>: a scalar on the same line, or a collection below it.</summary>
    private static void WriteValue(StringBuilder yaml, YamlValue value, int indent)
    {
        if (value is YamlScalar scalar)
        {
            WriteScalar(yaml, scalar, indent);
        }
        else if (value is YamlMapping { Entries.Count: 0 } or YamlSequence { Items.Count: 0 })
        {
            yaml.Append(value is YamlMapping ? " {}\n" : " []\n");
        }
        else if (value is YamlMapping mapping)
        {
            yaml.Append('\n');
            WriteMapping(yaml, mapping, indent + 2, inline: false);
        }
        else
        {
            yaml.Append('\n');
            WriteSequence(yaml, (YamlSequence)value, indent + 2);
        }
    }

    private static void WriteSequence(StringBuilder yaml, YamlSequence sequence, int indent)
    {
        foreach (var (item, comment) in sequence.Items)
        {
            if (comment is not null)
            {
                AppendComment(yaml, indent, comment);
                continue;
            }

            yaml.Append(' ', indent).Append('-');
            switch (item)
            {
                case YamlMapping { Entries.Count: > 0 } mapping:
                    yaml.Append(' ');
                    WriteMapping(yaml, mapping, indent + 2, inline: true);
                    break;
                case YamlSequence { Items.Count: > 0 }:
                    throw new InvalidOperationException("A sequence directly inside a sequence is not supported; wrap it in a mapping.");
                default:
                    WriteValue(yaml, item!, indent);
                    break;
            }
        }
    }

    private static void WriteScalar(StringBuilder yaml, YamlScalar scalar, int indent)
    {
        if (!scalar.IsString)
        {
            yaml.Append(' ').Append(scalar.Text).Append('\n');
            return;
        }

        var text = scalar.Text;
        if (text.Contains('\n', StringComparison.Ordinal) && IsLiteralSafe(text))
        {
            yaml.Append(" |-\n");
            foreach (var line in text.Split('\n'))
            {
                if (line.Length > 0)
                {
                    yaml.Append(' ', indent + 2).Append(line);
                }

                yaml.Append('\n');
            }

            return;
        }

        yaml.Append(' ').Append(PlainOrQuoted(text)).Append('\n');
    }

    internal static string PlainOrQuoted(string text)
    {
        if (IsPlainSafe(text))
        {
            return text;
        }

        if (!text.Any(char.IsControl))
        {
            return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>
    /// Letters, digits and <c>_ . / - :</c> with inner spaces, starting with a letter, digit or underscore; not a
    /// YAML 1.1 or 1.2 boolean or null, not a number, and when it starts with a digit only a count with a unit
    /// (<c>30d</c>), never a timestamp or a sexagesimal.
    /// </summary>
    private static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetterOrDigit(text[0]) || text[0] == '_') || text[^1] is ' ' or ':')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '-' or ':' or ' '))
            {
                return false;
            }
        }

        if (text.Contains(": ", StringComparison.Ordinal) || Reserved.Contains(text, StringComparer.OrdinalIgnoreCase)
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]))
        {
            var unit = text.AsSpan().TrimStart("0123456789");
            return unit.Length > 0 && !unit.ContainsAnyExceptInRange('a', 'z');
        }

        return true;
    }

    /// <summary>A literal block keeps every character but cannot start with a space (that would need an indentation indicator), end with a line break (<c>|-</c> strips it) or hold other control characters.</summary>
    private static bool IsLiteralSafe(string text) =>
        text[0] != ' ' && !text.EndsWith('\n') && !text.Any(c => c != '\n' && char.IsControl(c)) && !text.Split('\n').Any(line => line.EndsWith(' '));

    private static void AppendComment(StringBuilder yaml, int indent, string comment)
    {
        foreach (var line in comment.Split('\n'))
        {
            yaml.Append(' ', indent).Append('#');
            if (line.Length > 0)
            {
                yaml.Append(' ').Append(line);
            }

            yaml.Append('\n');
        }
    }
}
