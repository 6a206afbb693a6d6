using System.Globalization;
using System.Text.RegularExpressions;

namespace Cortex.LoadTesting.Internal;

/// <summary>
/// Durations written as k6 writes them: <c>"500ms"</c>, <c>"30s"</c>, <c>"5m"</c>, <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"2d"</c>
/// (units in decreasing order, each at most once), or as a .NET time span, <c>"00:01:30"</c>.
/// </summary>
internal static partial class DurationText
{
    public const string Examples = "\"500ms\", \"30s\", \"5m\", \"1h30m\" or \"00:01:30\"";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = UnitsPattern().Match(text.Trim());
        if (match.Success)
        {
            var total = 0.0;
            foreach (var (group, seconds) in Units)
            {
                if (match.Groups[group].Success)
                {
                    total += double.Parse(match.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture) * seconds;
                }
            }

            if (total > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(total);
            return true;
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }

    private static readonly (string Group, double Seconds)[] Units = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("ms", 0.001)];

    [GeneratedRegex(@"^(?=\d|\.\d)(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+(?:\.\d+)?)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitsPattern();
}
