using System.Reflection;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Cortex.Samples.MemoryService.Mcp;

/// <summary>
/// Checks a <see cref="MemoryTools"/> call's arguments against its parameters before the call is bound, so that a missing
/// or mistyped argument gets a tool error naming the field (<c>limit</c>, <c>items[0].kind</c>), as the REST endpoints'
/// problem details do; left to the binder, it would get only "An error occurred invoking the tool".
/// </summary>
internal static class MemoryToolArguments
{
    private static readonly Dictionary<string, ParameterInfo[]> ParametersByTool = typeof(MemoryTools)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Select(m => (Method: m, Tool: m.GetCustomAttribute<McpServerToolAttribute>()))
        .Where(t => t.Tool?.Name is not null)
        .ToDictionary(
            t => t.Tool!.Name!,
            t => t.Method.GetParameters().Where(p => p.ParameterType != typeof(Memory.MemoryStore) && p.ParameterType != typeof(CancellationToken)).ToArray(),
            StringComparer.Ordinal);

    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The call-tool filter: answers an invalid call with a tool error, passes a valid one on.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>The filtered handler.</returns>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            if (context.Params is { } call && ParametersByTool.TryGetValue(call.Name, out var parameters))
            {
                var errors = Check(parameters, call.Arguments);
                if (errors.Count > 0)
                {
                    return ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = Describe(errors) }] });
                }
            }

            return next(context, cancellationToken);
        };

    /// <summary>Formats errors keyed by field as one message for a tool error.</summary>
    /// <param name="errors">The errors.</param>
    /// <returns>The message.</returns>
    public static string Describe(Dictionary<string, string[]> errors) =>
        "Invalid arguments: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"));

    private static Dictionary<string, string[]> Check(ParameterInfo[] parameters, IDictionary<string, JsonElement>? arguments)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            var name = parameter.Name!;
            if (arguments is null || !arguments.TryGetValue(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (!parameter.HasDefaultValue && Nullability.Create(parameter).ReadState != NullabilityState.Nullable)
                {
                    errors[name] = ["is required."];
                }

                continue;
            }

            try
            {
                JsonSerializer.Deserialize(value, parameter.ParameterType, McpJsonUtilities.DefaultOptions);
            }
            catch (JsonException ex)
            {
                var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$') : string.Empty;
                errors[name + path] = [$"is not valid here: expected {(path.Length == 0 ? Expected(parameter.ParameterType) : "the type the tool's input schema gives")}."];
            }
        }

        return errors;
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) ? "a string"
            : type == typeof(int) ? "an integer"
            : type.IsAssignableTo(typeof(System.Collections.IEnumerable)) ? "an array"
            : "an object";
    }
}
