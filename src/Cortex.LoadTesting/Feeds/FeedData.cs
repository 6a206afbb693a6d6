using System.Text.Json;
using Cortex.LoadTesting.Internal;
using nietras.SeparatedValues;

namespace Cortex.LoadTesting.Feeds;

/// <summary>A feed's rows, read once at start: the file is streamed line by line into memory, never read again during the run.</summary>
internal sealed class FeedData(string[] columns, string[][] rows)
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public string[][] Rows { get; } = rows;

    /// <summary>Reads a feed's file; <paramref name="error"/> names the file and, for a bad row, its line.</summary>
    public static FeedData? TryLoad(FeedOptions feed, out string error)
    {
        error = "";
        var file = feed.Path;
        if (!File.Exists(file))
        {
            error = $"file '{file}' does not exist";
            return null;
        }

        var format = feed.Format ?? (Path.GetExtension(file).ToUpperInvariant() switch
        {
            ".CSV" => FeedFormat.Csv,
            ".JSONL" or ".NDJSON" => FeedFormat.JsonLines,
            _ => (FeedFormat?)null,
        });
        try
        {
            var data = format switch
            {
                FeedFormat.Csv => ReadCsv(file, out error),
                FeedFormat.JsonLines => ReadJsonLines(file, out error),
                _ => Fail(out error, $"'{file}' is neither .csv nor .jsonl; set format to csv or jsonl"),
            };
            if (data is not null && data.Rows.Length == 0)
            {
                error = $"'{file}' has no rows";
                return null;
            }

            return data;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read '{file}': {ex.Message}";
            return null;
        }
    }

    private static FeedData? Fail(out string error, string message)
    {
        error = message;
        return null;
    }

    private static FeedData? ReadCsv(string file, out string error)
    {
        SepReader reader;
        try
        {
            reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(file);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            return Fail(out error, $"'{file}' line 1 (the header): {ex.Message}");
        }

        using (reader)
        {
            if (!reader.HasHeader || reader.Header.ColNames.Count == 0 || reader.Header.ColNames.All(string.IsNullOrWhiteSpace))
            {
                return Fail(out error, $"'{file}' is empty; its first line must name the columns");
            }

            var columns = reader.Header.ColNames.ToArray();
            var rows = new List<string[]>();
            foreach (var row in reader)
            {
                if (row.ColCount == 1 && row.Span.IsWhiteSpace())
                {
                    continue;
                }

                if (row.ColCount != columns.Length)
                {
                    return Fail(out error, $"'{file}' line {row.LineNumberFrom} has {row.ColCount} fields; the header has {columns.Length} ({string.Join(", ", columns)})");
                }

                var values = new string[columns.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = row[i].ToString();
                }

                rows.Add(values);
            }

            error = "";
            return new FeedData(columns, [.. rows]);
        }
    }

    private static FeedData? ReadJsonLines(string file, out string error)
    {
        string[]? columns = null;
        var rows = new List<string[]>();
        var line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                return Fail(out error, $"'{file}' line {line} is not valid JSON: {JsonMessages.WithoutPosition(ex.Message)}");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Fail(out error, $"'{file}' line {line} must be a JSON object (was {root.ValueKind.ToString().ToLowerInvariant()})");
                }

                columns ??= [.. root.EnumerateObject().Select(p => p.Name)];
                var values = new string[columns.Length];
                for (var i = 0; i < columns.Length; i++)
                {
                    // A string is used as its text; numbers, booleans, objects and arrays as their JSON; a missing property as "".
                    values[i] = !root.TryGetProperty(columns[i], out var v) ? ""
                        : v.ValueKind == JsonValueKind.String ? v.GetString()!
                        : v.GetRawText();
                }

                rows.Add(values);
            }
        }

        error = "";
        return new FeedData(columns ?? [], [.. rows]);
    }
}
