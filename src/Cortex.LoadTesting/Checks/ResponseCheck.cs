using System.Globalization;
using System.Text;
using System.Text.Json;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Checks;

/// <summary>
/// One check of an <c>http</c> step (k6's <c>check</c>): a status, a text the body contains, or a JSON path that exists
/// or equals a value. Checks are counted, never fail the step; the counters are read by the engine for the <c>checks</c> rate.
/// </summary>
internal sealed class ResponseCheck
{
    private readonly int[]? _status;
    private readonly byte[]? _contains;
    private readonly JsonPathQuery? _path;
    private readonly JsonElement? _equals;
    private long _passes;
    private long _fails;

    private ResponseCheck(string name, int[]? status, byte[]? contains, JsonPathQuery? path, JsonElement? equals)
    {
        Name = name;
        _status = status;
        _contains = contains;
        _path = path;
        _equals = equals;
    }

    public string Name { get; }

    /// <summary>Gets a value indicating whether the check reads the body (so the step keeps it instead of discarding it).</summary>
    public bool NeedsBody => _status is null;

    /// <summary>Gets a value indicating whether the check reads the body as JSON.</summary>
    public bool NeedsJson => _path is not null;

    public long Passes => Volatile.Read(ref _passes);

    public long Fails => Volatile.Read(ref _fails);

    /// <summary>Reads the step's <c>checks</c> parameter: an array of objects with one of <c>status</c>, <c>bodyContains</c>, <c>jsonPath</c> (with an optional <c>equals</c>), and an optional <c>name</c>.</summary>
    public static ResponseCheck[] Read(StepDefinition definition)
    {
        if (!definition.TryGet("checks", out var list))
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw definition.InvalidParameter("checks", "must be an array of checks such as {\"status\": 200}, {\"bodyContains\": \"ok\"}, {\"jsonPath\": \"$.id\", \"equals\": 1}");
        }

        var checks = new List<ResponseCheck>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var check = ReadOne(definition, item, string.Create(CultureInfo.InvariantCulture, $"checks[{i++}]"));
            if (checks.Any(c => c.Name == check.Name))
            {
                throw definition.InvalidParameter($"{string.Create(CultureInfo.InvariantCulture, $"checks[{i - 1}]")}.name", $"'{check.Name}' is used by another check of the step");
            }

            checks.Add(check);
        }

        return [.. checks];
    }

    /// <summary>Judges a response and counts the outcome.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="body">The body, when a check needs it.</param>
    /// <param name="json">The body as JSON, when a check needs it and it parsed; <see langword="null"/> otherwise.</param>
    public void Count(int status, ReadOnlySpan<byte> body, JsonElement? json)
    {
        var passed = _status is not null ? Array.IndexOf(_status, status) >= 0
            : _contains is not null ? body.IndexOf(_contains) >= 0
            : json is { } root && _path!.TryFind(root, out var value) && (_equals is not { } expected || JsonElement.DeepEquals(value, expected));
        Interlocked.Increment(ref passed ? ref _passes : ref _fails);
    }

    private static ResponseCheck ReadOne(StepDefinition definition, JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw definition.InvalidParameter(path, "must be an object with one of status, bodyContains, jsonPath");
        }

        string? name = null;
        int[]? status = null;
        string? contains = null;
        JsonPathQuery? query = null;
        JsonElement? equals = null;
        var kinds = 0;
        foreach (var p in item.EnumerateObject())
        {
            var pp = $"{path}.{p.Name}";
            switch (p.Name)
            {
                case "name":
                    name = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } n ? n : throw definition.InvalidParameter(pp, "must be a non-empty string");
                    break;
                case "status":
                    kinds++;
                    status = ReadStatus(definition, p.Value, pp);
                    break;
                case "bodyContains":
                    kinds++;
                    contains = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } c ? c : throw definition.InvalidParameter(pp, "must be a non-empty string");
                    break;
                case "jsonPath":
                    kinds++;
                    try
                    {
                        query = JsonPathQuery.Parse(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw definition.InvalidParameter(pp, "must be a string such as $.items[0].id"));
                    }
                    catch (FormatException ex)
                    {
                        throw definition.InvalidParameter(pp, ex.Message);
                    }

                    break;
                case "equals":
                    equals = p.Value.Clone();
                    break;
                default:
                    throw definition.InvalidParameter(pp, "is not a known check property; known: name, status, bodyContains, jsonPath, equals");
            }
        }

        if (kinds != 1)
        {
            throw definition.InvalidParameter(path, "must have exactly one of status, bodyContains, jsonPath");
        }

        if (equals is not null && query is null)
        {
            throw definition.InvalidParameter($"{path}.equals", "applies to a jsonPath check only");
        }

        name ??= status is not null ? (status.Length == 1 ? $"status is {status[0]}" : $"status in [{string.Join(", ", status)}]")
            : contains is not null ? $"body contains '{contains}'"
            : equals is { } e ? $"{query!.Text} equals {e.GetRawText()}"
            : $"{query!.Text} exists";
        return new ResponseCheck(name, status, contains is null ? null : Encoding.UTF8.GetBytes(contains), query, equals);
    }

    /// <summary>Reads a status code or an array of them (<c>expectedStatus</c>, a <c>status</c> check).</summary>
    internal static int[] ReadStatus(StepDefinition definition, JsonElement e, string path)
    {
        var values = e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray()] : new[] { e };
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].ValueKind != JsonValueKind.Number || !values[i].TryGetInt32(out codes[i]) || codes[i] is < 100 or > 599)
            {
                throw definition.InvalidParameter(path, "must be an HTTP status code (100-599) or an array of them");
            }
        }

        return codes.Length > 0 ? codes : throw definition.InvalidParameter(path, "must not be an empty array");
    }
}
