namespace Cortex.LoadTesting.Thresholds;

/// <summary>
/// The tag side of a threshold's scope, in k6's syntax: <c>{type:write}</c> or <c>{scenario:writers,type:write}</c> selects
/// every step that carries all of those tags, and the threshold is judged on those steps together. One rule for the
/// engine, the validator and finished (or merged) results.
/// </summary>
internal static class ThresholdScope
{
    /// <summary>The tag every step carries: the name of its scenario.</summary>
    public const string ScenarioTag = "scenario";

    /// <summary>The characters a tag name or value may not contain, since they delimit a scope.</summary>
    public static readonly char[] Reserved = ['{', '}', ',', ':'];

    public static bool IsTagScope(string? scope) => scope is not null && scope.TrimStart().StartsWith('{');

    /// <summary>Parses <c>{name:value,...}</c>; every pair is required, names are unique.</summary>
    public static bool TryParse(string scope, out Dictionary<string, string> tags, out string error)
    {
        tags = new Dictionary<string, string>(StringComparer.Ordinal);
        error = "";
        var s = scope.Trim();
        if (s.Length < 2 || s[0] != '{' || s[^1] != '}')
        {
            error = $"'{scope}' must be {{tag:value}} or {{tag:value,tag:value}}";
            return false;
        }

        foreach (var pair in s[1..^1].Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? pair[..colon].Trim() : "";
            var value = colon > 0 ? pair[(colon + 1)..].Trim() : "";
            if (name.Length == 0 || value.Length == 0 || value.IndexOfAny(Reserved) >= 0)
            {
                error = $"'{scope}' has '{pair}', not tag:value; write it as {{tag:value}} or {{tag:value,tag:value}}";
                return false;
            }

            if (!tags.TryAdd(name, value))
            {
                error = $"'{scope}' names tag '{name}' twice";
                return false;
            }
        }

        return true;
    }

    /// <summary>The tags of a tag scope, or <see langword="null"/> for a step scope (or none). Assumes a validated scope.</summary>
    public static IReadOnlyDictionary<string, string>? TagsOf(string? scope) =>
        IsTagScope(scope) && TryParse(scope!, out var tags, out _) ? tags : null;

    /// <summary>Whether a step with <paramref name="tags"/> carries every tag of <paramref name="selector"/>.</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string>? tags) =>
        tags is not null && selector.All(s => tags.TryGetValue(s.Key, out var v) && string.Equals(v, s.Value, StringComparison.Ordinal));

    /// <summary>The tags a step carries: <c>scenario</c>, then its scenario's tags, then its own (the step's win).</summary>
    public static IReadOnlyDictionary<string, string> StepTags(ScenarioOptions scenario, StepOptions step)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ScenarioTag] = scenario.Name };
        foreach (var (k, v) in scenario.Tags)
        {
            tags[k] = v;
        }

        foreach (var (k, v) in step.Tags)
        {
            tags[k] = v;
        }

        return tags;
    }

    /// <summary>Checks one tag of a step or scenario; the message starts with <paramref name="path"/>.</summary>
    public static string? Problem(string path, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Reserved) >= 0 || name != name.Trim())
        {
            return $"{path} '{name}' is not a tag name; it must be non-empty without {{ }} , :";
        }

        if (name == ScenarioTag)
        {
            return $"{path}.{ScenarioTag} is set by the engine to the scenario's name; choose another tag name";
        }

        if (string.IsNullOrWhiteSpace(value) || value.IndexOfAny(Reserved) >= 0 || value != value.Trim())
        {
            return $"{path}.{name} '{value}' is not a tag value; it must be non-empty without {{ }} , :";
        }

        return null;
    }
}
