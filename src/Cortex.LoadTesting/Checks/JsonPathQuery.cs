using System.Globalization;
using System.Text.Json;

namespace Cortex.LoadTesting.Checks;

/// <summary>
/// A small subset of JSONPath: <c>$</c> followed by <c>.name</c>, <c>['name']</c> and <c>[index]</c> steps, for example
/// <c>$.items[0].id</c>; no wildcards, filters or recursive descent. Written here because JsonPath.Net is not available
/// to this repository and JsonPointer.Net speaks a different syntax (<c>/items/0/id</c>) than k6 and NBomber users write.
/// </summary>
internal sealed class JsonPathQuery
{
    private readonly object[] _steps;

    private JsonPathQuery(string text, object[] steps)
    {
        Text = text;
        _steps = steps;
    }

    public string Text { get; }

    /// <exception cref="FormatException">The path is outside the subset; the message says where.</exception>
    public static JsonPathQuery Parse(string text)
    {
        if (!text.StartsWith('$'))
        {
            throw new FormatException($"'{text}' must start with $, for example $.items[0].id");
        }

        var steps = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    throw new FormatException($"'{text}' has an empty name at position {i + 1}");
                }

                steps.Add(text[(i + 1)..end]);
                i = end;
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"'{text}' has an unclosed [ at position {i + 1}");
                }

                var inside = text[(i + 1)..close];
                if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
                {
                    steps.Add(inside[1..^1]);
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(index);
                }
                else
                {
                    throw new FormatException($"'{text}' has [{inside}]; use [N] or ['name'] (wildcards and filters are not supported)");
                }

                i = close + 1;
            }
            else
            {
                throw new FormatException($"'{text}' has '{text[i]}' at position {i + 1}; use .name, ['name'] or [N]");
            }
        }

        return new JsonPathQuery(text, [.. steps]);
    }

    public bool TryFind(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var step in _steps)
        {
            if (step is string name)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
                {
                    return false;
                }
            }
            else if (value.ValueKind != JsonValueKind.Array || (int)step >= value.GetArrayLength())
            {
                return false;
            }
            else
            {
                value = value[(int)step];
            }
        }

        return true;
    }
}
