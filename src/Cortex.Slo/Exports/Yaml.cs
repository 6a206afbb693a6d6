using System.Collections;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

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
/// Writes the documents with YamlDotNet's emitter, in block style with two-space indentation and indented sequences, so
/// that the output reads like a hand-written rule file; YamlDotNet does the quoting, escaping, literal blocks and comments.
/// </summary>
internal static class YamlWriter
{
    private static readonly string[] Reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestIndent(2)
        .WithBestWidth(int.MaxValue)
        .WithIndentedSequences()
        .WithNewLine("\n");

    /// <summary>Writes documents separated by <c>---</c>, each preceded by its comment lines.</summary>
    public static string Write(IEnumerable<(IReadOnlyList<string> Comments, YamlMapping Root)> documents)
    {
        using var yaml = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(yaml, Settings);
        emitter.Emit(new StreamStart());
        foreach (var (comments, root) in documents)
        {
            emitter.Emit(new DocumentStart());
            foreach (var comment in comments)
            {
                emitter.Emit(new Comment(comment, isInline: false));
            }

            Emit(emitter, root);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return yaml.ToString();
    }

    private static void Emit(Emitter emitter, YamlValue value)
    {
        switch (value)
        {
            case YamlScalar scalar:
                emitter.Emit(Scalar(scalar));
                break;
            case YamlMapping mapping:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, mapping.Entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, item, comment) in mapping.Entries)
                {
                    if (comment is not null)
                    {
                        emitter.Emit(new Comment(comment, isInline: false));
                        continue;
                    }

                    emitter.Emit(Scalar(new YamlScalar(key!, quoted: true)));
                    Emit(emitter, item!);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlSequence sequence:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, sequence.Items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var (item, comment) in sequence.Items)
                {
                    if (comment is not null)
                    {
                        emitter.Emit(new Comment(comment, isInline: false));
                        continue;
                    }

                    Emit(emitter, item!);
                }

                emitter.Emit(new SequenceEnd());
                break;
        }
    }

    /// <summary>
    /// Numbers and booleans are plain. A string may be plain only when <see cref="IsPlainSafe"/> says so: the emitter
    /// knows when plain is valid syntax, not when a reader would take the text for a number, a boolean or null; it
    /// quotes the others (single quotes, double quotes with escapes where needed) and writes multi-line ones as literal blocks.
    /// </summary>
    private static Scalar Scalar(YamlScalar scalar) => scalar.IsString
        ? new Scalar(null, null, scalar.Text, scalar.Text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.Any,
            isPlainImplicit: IsPlainSafe(scalar.Text), isQuotedImplicit: true)
        : new Scalar(null, null, scalar.Text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

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
}
