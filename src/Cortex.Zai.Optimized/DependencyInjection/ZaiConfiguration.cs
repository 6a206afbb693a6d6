using Cortex.Internal;

namespace Cortex.Zai.Optimized.DependencyInjection;

/// <summary>
/// The one schema of the <c>zai</c> section: the <see cref="ZaiClientOptions"/> property names (the
/// <c>config/production.json</c> keys are those names in camelCase), durations as TimeSpan strings or milliseconds, and the
/// legacy <c>rateLimit:enableRateLimit</c>, which may only say true.
/// </summary>
internal static class ZaiConfiguration
{
    /// <summary>The section's usual path in an application's configuration.</summary>
    public const string SectionPath = "zai";

    public static SectionSchema Schema { get; } = new SectionSchema(typeof(ZaiClientOptions), nameof(ZaiClientOptions))
        .WithAlias("rateLimit:enableRateLimit", null, RateLimitMustStayOn);

    // The client always limits itself (Z.AI enforces quotas server-side); accepting "off" would be a silent lie.
    private static string RateLimitMustStayOn(string text) =>
        bool.TryParse(text.Trim(), out var on) && on
            ? text
            : throw new FormatException("the Z.AI client cannot run without its rate limiter: remove the key or set it to true, and raise rateLimit:requestsPerMinute instead.");
}
