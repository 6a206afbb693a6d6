using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>Maps <c>POST /memory/store</c> and <c>POST /memory/find</c>.</summary>
public static class MemoryEndpoints
{
    /// <summary>Maps the memory endpoints.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The same application.</returns>
    public static IEndpointRouteBuilder MapMemoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/memory");
        group.MapPost("/store", (HttpRequest http, MemoryStore store, CancellationToken ct) =>
            HandleAsync<StoreRequest, StoreResult>(http, MemoryValidation.Validate, r => store.StoreAsync(r.Items!, ct), ct));
        group.MapPost("/find", (HttpRequest http, MemoryStore store, CancellationToken ct) =>
            HandleAsync<FindRequest, FindResult>(http, MemoryValidation.Validate, r => store.FindAsync(r, ct), ct));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync<TRequest, TResult>(
        HttpRequest http, Func<TRequest, Dictionary<string, string[]>> validate, Func<TRequest, Task<TResult>> run, CancellationToken cancellationToken)
        where TRequest : class
    {
        var (request, problem) = await ReadAsync<TRequest>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = validate(request!);
        return errors.Count > 0 ? Invalid(errors) : Results.Ok(await run(request!).ConfigureAwait(false));
    }

    // The body is read here rather than bound by the framework so that a malformed body gets the same problem+json,
    // naming the field at fault, as a semantically invalid one.
    private static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest http, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.HasJsonContentType())
        {
            return (null, Invalid(new() { ["body"] = ["must be JSON (Content-Type: application/json)."] }));
        }

        var options = http.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Body, options, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Invalid(new() { ["body"] = ["must be a JSON object."] })) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (null, Invalid(new() { [field] = [$"is not valid JSON of the expected type (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."] }));
        }
    }

    private static IResult Invalid(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: $"Invalid request: {string.Join(", ", errors.Keys)}.");
}
