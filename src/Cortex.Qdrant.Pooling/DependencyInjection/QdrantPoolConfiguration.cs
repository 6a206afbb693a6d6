using Cortex.Internal;

namespace Cortex.Qdrant.Pooling.DependencyInjection;

/// <summary>
/// The one schema of the <c>qdrant:pool</c> section: the <see cref="QdrantPoolOptions"/> property names (the
/// <c>config/production.json</c> keys are those names in camelCase), durations as TimeSpan strings or milliseconds.
/// </summary>
internal static class QdrantPoolConfiguration
{
    /// <summary>The section's usual path in an application's configuration.</summary>
    public const string SectionPath = "qdrant:pool";

    public static SectionSchema Schema { get; } = new(typeof(QdrantPoolOptions), nameof(QdrantPoolOptions));
}
