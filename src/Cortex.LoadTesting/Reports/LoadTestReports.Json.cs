using System.Text.Json;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Reports;

public static partial class LoadTestReports
{
    /// <summary>
    /// Writes the complete result as indented JSON: camelCase names, enums as strings (<c>constant-vus</c>,
    /// <c>completed</c>), segments as <c>i/n</c>, time spans as <c>d.hh:mm:ss.fffffff</c>, and every latency
    /// distribution with its encoded HdrHistogram, so that <see cref="LoadTestResultMerger"/> can merge runs exactly.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, ReportJson.Result);
    }

    /// <summary>Reads a result written by <see cref="ToJson"/> or <see cref="WriteJsonAsync"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidDataException">The text is not a result; the message names the JSON path and line of the problem.</exception>
    public static LoadTestResult FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, ReportJson.Result) ?? throw NullResult();
        }
        catch (JsonException ex)
        {
            throw InvalidResult(ex);
        }
    }

    /// <summary>Writes the result as <see cref="ToJson"/> does, to a stream.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">The stream to write to; it is left open.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the result is written.</returns>
    public static Task WriteJsonAsync(LoadTestResult result, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        return JsonSerializer.SerializeAsync(stream, result, ReportJson.Result, cancellationToken);
    }

    /// <summary>Reads a result written by <see cref="ToJson"/> or <see cref="WriteJsonAsync"/> from a stream.</summary>
    /// <param name="stream">The stream to read; it is left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidDataException">The stream does not hold a result; the message names the JSON path and line of the problem.</exception>
    public static async ValueTask<LoadTestResult> ReadJsonAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, ReportJson.Result, cancellationToken).ConfigureAwait(false)
                ?? throw NullResult();
        }
        catch (JsonException ex)
        {
            throw InvalidResult(ex);
        }
    }

    private static InvalidDataException NullResult() =>
        new("The load test result JSON is the literal null; expected an object written by LoadTestReports.ToJson.");

    private static InvalidDataException InvalidResult(JsonException ex)
    {
        var what = JsonMessages.Describe(ex.Message, ex.Path, ReportJson.Result);

        var line = ex.LineNumber is { } l ? $", line {l + 1}" : "";
        return new InvalidDataException($"The load test result JSON is invalid at {ex.Path ?? "$"}{line}: {what} Fix the file or write it again with LoadTestReports.ToJson.", ex);
    }
}
