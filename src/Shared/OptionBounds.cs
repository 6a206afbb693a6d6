using System.Globalization;

namespace Cortex.Internal;

/// <summary>
/// The range rules every options validator of the family states the same way: the rule's text when the value is out of
/// range, else <see langword="null"/>. Every duration and size has an upper bound, so a value read in the wrong unit
/// (30000 as days) fails at start, naming the field, instead of later in a socket or a timer. Linked source.
/// </summary>
internal static class OptionBounds
{
    public static string? Range(int value, int min, int max) =>
        value >= min && value <= max ? null : string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}");

    /// <summary>A duration rule; a <paramref name="min"/> of one tick reads "greater than zero".</summary>
    public static string? Duration(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value >= min && value <= max
            ? null
            : min == TimeSpan.FromTicks(1) ? $"must be greater than zero and at most {max:c}" : $"must be between {min:c} and {max:c}";
}
