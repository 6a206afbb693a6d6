namespace Cortex.Abstractions.Telemetry;

/// <summary>
/// The names of every Cortex package's <see cref="System.Diagnostics.Metrics.Meter"/> and
/// <see cref="System.Diagnostics.ActivitySource"/>. Each package uses one name for both, equal to its package id, so a
/// host enables a package's telemetry with <c>AddMeter(name)</c> and <c>AddSource(name)</c>.
/// </summary>
public static class CortexTelemetry
{
    /// <summary>The meter and activity source of Cortex.Qdrant.Pooling.</summary>
    public const string QdrantPooling = "Cortex.Qdrant.Pooling";

    /// <summary>The meter and activity source of Cortex.Zai.Optimized.</summary>
    public const string ZaiOptimized = "Cortex.Zai.Optimized";

    /// <summary>The meter and activity source of Cortex.LoadTesting.</summary>
    public const string LoadTesting = "Cortex.LoadTesting";

    /// <summary>The meter and activity source of Cortex.Slo.</summary>
    public const string Slo = "Cortex.Slo";

    /// <summary>The meter and activity source of Cortex.Production.</summary>
    public const string Production = "Cortex.Production";

    /// <summary>Gets every Cortex meter and activity source name, for hosts and listeners that want them all.</summary>
    public static IReadOnlyList<string> AllNames { get; } = [QdrantPooling, ZaiOptimized, LoadTesting, Slo, Production];
}
