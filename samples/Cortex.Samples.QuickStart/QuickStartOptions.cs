using System.Globalization;
using Cortex.LoadTesting;

namespace Cortex.Samples.QuickStart;

/// <summary>The quick start's options: <c>--duration seconds</c>, <c>--preset name</c>, <c>--out directory</c>.</summary>
internal sealed record QuickStartOptions(TimeSpan Duration, string Preset, string Output)
{
    public const string Usage = "usage: dotnet run --project samples/Cortex.Samples.QuickStart [-- --duration 30] [--preset smoke|load|stress|endurance] [--out ./cortex-reports]";

    public static bool TryParse(string[] args, out QuickStartOptions options, out string error)
    {
        options = new QuickStartOptions(TimeSpan.FromSeconds(30), "smoke", "cortex-reports");
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--duration" when value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400:
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--preset" when value is not null && LoadTestPresets.Names.Contains(value, StringComparer.OrdinalIgnoreCase):
                    options = options with { Preset = value.ToLowerInvariant() };
                    i++;
                    break;
                case "--out" when !string.IsNullOrWhiteSpace(value):
                    options = options with { Output = value };
                    i++;
                    break;
                case "--duration":
                    error = $"--duration needs seconds between 0 and 86400 (was '{value}')";
                    return false;
                case "--preset":
                    error = $"--preset must be one of {string.Join(", ", LoadTestPresets.Names)} (was '{value}')";
                    return false;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }

        return true;
    }
}
