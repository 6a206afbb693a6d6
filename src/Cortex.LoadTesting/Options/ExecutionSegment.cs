using System.Globalization;

namespace Cortex.LoadTesting;

/// <summary>
/// The share of a test's load one process generates when n processes run it together (like k6's execution segments):
/// segment <see cref="Index"/> of <see cref="Count"/> takes every Count-th arrival of an open model and every Count-th
/// virtual user of a closed model, so the segments are disjoint and together are exactly the whole test.
/// </summary>
/// <param name="Index">The one-based segment number, from 1 to <paramref name="Count"/>.</param>
/// <param name="Count">How many segments the test is split into.</param>
public readonly record struct ExecutionSegment(int Index, int Count)
{
    /// <summary>Gets the whole test: segment 1 of 1.</summary>
    public static ExecutionSegment Full => new(1, 1);

    /// <summary>Gets a value indicating whether this is the whole test.</summary>
    public bool IsFull => Count == 1;

    /// <summary>Parses <c>i/n</c>, for example <c>2/3</c>.</summary>
    /// <param name="text">The segment text.</param>
    /// <returns>The segment.</returns>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 1 ≤ i ≤ n.</exception>
    public static ExecutionSegment Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new ExecutionSegment(index, count);
        }

        throw new FormatException($"Segment '{text}' must be i/n with 1 <= i <= n, for example 1/3.");
    }

    /// <summary>
    /// The segment of one pod of a Kubernetes Indexed Job: its zero-based <c>JOB_COMPLETION_INDEX</c> and the Job's
    /// completion count (pod <c>0</c> of a Job of 3 completions runs segment 1/3).
    /// </summary>
    /// <param name="completionIndex">The value of <c>JOB_COMPLETION_INDEX</c>, which Kubernetes sets in every pod of an Indexed Job.</param>
    /// <param name="completions">The Job's <c>spec.completions</c>.</param>
    /// <returns>The segment.</returns>
    /// <exception cref="FormatException">The index is missing or not a whole number from 0 to <paramref name="completions"/> − 1, or the count is not a whole number ≥ 1.</exception>
    public static ExecutionSegment FromIndexedJob(string? completionIndex, string? completions)
    {
        if (!int.TryParse(completions, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new FormatException($"The Job's completion count '{completions}' must be a whole number >= 1 (the Job's spec.completions).");
        }

        if (!int.TryParse(completionIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)
        {
            throw new FormatException($"JOB_COMPLETION_INDEX '{completionIndex}' must be a whole number from 0 to {count - 1}; run as a pod of a Kubernetes Job with completionMode: Indexed and {count} completions.");
        }

        return new ExecutionSegment(index + 1, count);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
