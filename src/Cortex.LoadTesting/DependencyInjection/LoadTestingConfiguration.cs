using Cortex.Internal;

namespace Cortex.LoadTesting.DependencyInjection;

/// <summary>The one schema of the <c>loadTesting</c> section: the <see cref="LoadTestingOptions"/> property names, durations as TimeSpan strings or milliseconds.</summary>
internal static class LoadTestingConfiguration
{
    /// <summary>The section's usual path in an application's configuration.</summary>
    public const string SectionPath = "loadTesting";

    public static SectionSchema Schema { get; } = new(typeof(LoadTestingOptions), nameof(LoadTestingOptions));
}
