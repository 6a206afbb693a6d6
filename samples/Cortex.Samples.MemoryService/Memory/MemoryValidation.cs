using System.Text.Json;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>Checks requests; each error is keyed by the JSON path of the field at fault.</summary>
public static class MemoryValidation
{
    /// <summary>The most items one store may carry.</summary>
    public const int MaxItems = 256;

    /// <summary>The most items one find may return.</summary>
    public const int MaxLimit = 100;

    /// <summary>The default number of items a find returns.</summary>
    public const int DefaultLimit = 20;

    /// <summary>Checks a store request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The errors, empty when it is valid.</returns>
    public static Dictionary<string, string[]> Validate(StoreRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request?.Items is not { } items)
        {
            errors["items"] = ["is required: an array of {kind, data, scope}."];
            return errors;
        }

        if (items.Count is 0 or > MaxItems)
        {
            errors["items"] = [$"must hold 1 to {MaxItems} items (was {items.Count})."];
            return errors;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                errors[$"items[{i}]"] = ["must be an object {kind, data, scope}."];
                continue;
            }

            CheckKind(errors, $"items[{i}].kind", item.Kind, required: true);
            if (item.Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                errors[$"items[{i}].data"] = ["is required: any JSON value."];
            }

            CheckScope(errors, $"items[{i}].scope", item.Scope);
        }

        return errors;
    }

    /// <summary>Checks a find request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The errors, empty when it is valid.</returns>
    public static Dictionary<string, string[]> Validate(FindRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            errors["query"] = ["is required: a non-empty string."];
        }

        if (request?.Limit is { } limit && limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"must be between 1 and {MaxLimit} (was {limit})."];
        }

        if (request?.Types is { } types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                CheckKind(errors, $"types[{i}]", types[i], required: true);
            }
        }

        CheckScope(errors, "scope", request?.Scope);
        return errors;
    }

    private static void CheckKind(Dictionary<string, string[]> errors, string field, string? kind, bool required)
    {
        if (string.IsNullOrEmpty(kind))
        {
            if (required)
            {
                errors[field] = [$"is required: one of {string.Join(", ", MemoryKinds.All)}."];
            }
        }
        else if (!MemoryKinds.All.Contains(kind))
        {
            errors[field] = [$"'{kind}' is not a known kind; use one of {string.Join(", ", MemoryKinds.All)}."];
        }
    }

    private static void CheckScope(Dictionary<string, string[]> errors, string field, MemoryScope? scope)
    {
        if (scope is null)
        {
            return;
        }

        Check(errors, $"{field}.project", scope.Project);
        Check(errors, $"{field}.branch", scope.Branch);
        Check(errors, $"{field}.org", scope.Org);

        static void Check(Dictionary<string, string[]> errors, string field, string? value)
        {
            if (value is not null && (value.Length is 0 or > 200 || string.IsNullOrWhiteSpace(value)))
            {
                errors[field] = ["must be a non-blank string of at most 200 characters, or left out."];
            }
        }
    }
}
