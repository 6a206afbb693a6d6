namespace Cortex.LoadTesting;

/// <summary>The pause a virtual user takes after each iteration of a scenario: fixed when <paramref name="Min"/> equals <paramref name="Max"/>, otherwise uniform between them.</summary>
/// <param name="Min">The shortest pause.</param>
/// <param name="Max">The longest pause.</param>
public readonly record struct ThinkTime(TimeSpan Min, TimeSpan Max)
{
    /// <summary>Creates a fixed think time.</summary>
    /// <param name="duration">The pause.</param>
    /// <returns>The think time.</returns>
    public static ThinkTime Fixed(TimeSpan duration) => new(duration, duration);
}
