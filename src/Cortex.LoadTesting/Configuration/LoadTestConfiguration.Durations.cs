using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Configuration;

public static partial class LoadTestConfiguration
{
    /// <summary>
    /// Reads a duration the way the JSON configuration does, so a tool's <c>--duration 30s</c> means what <c>"duration": "30s"</c>
    /// means: k6 units (<c>"500ms"</c>, <c>"30s"</c>, <c>"5m"</c>, <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"2d"</c>, each unit at most once,
    /// largest first) or a .NET time span (<c>"00:01:30"</c>).
    /// </summary>
    /// <param name="text">The text to read.</param>
    /// <param name="duration">The duration read, or <see cref="TimeSpan.Zero"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a duration.</returns>
    public static bool TryParseDuration(string? text, out TimeSpan duration) => DurationText.TryParse(text, out duration);
}
