namespace Cortex.Abstractions.Telemetry;

/// <summary>
/// The names of the Cortex packages' <see cref="System.Diagnostics.Metrics.Meter"/>s and
/// <see cref="System.Diagnostics.ActivitySource"/>s. A package that publishes both uses one name for both, equal to its
/// package id, so a host enables its telemetry with <c>AddMeter(name)</c> and <c>AddSource(name)</c>.
/// </summary>
public static class CortexTelemetry
{
    /// <summary>The meter and activity source of Cortex.Qdrant.Pooling: pool metrics, and a span per request.</summary>
    public const string QdrantPooling = "Cortex.Qdrant.Pooling";

    /// <summary>The meter and activity source of Cortex.Zai.Optimized: GenAI metrics and spans.</summary>
    public const string ZaiOptimized = "Cortex.Zai.Optimized";

    /// <summary>The meter of Cortex.Slo: SLO compliance, error budgets and burn rates.</summary>
    public const string Slo = "Cortex.Slo";

    /// <summary>Gets the name of every Cortex meter, for <c>AddMeter</c> and for listeners that want them all.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [QdrantPooling, ZaiOptimized, Slo];

    /// <summary>Gets the name of every Cortex activity source, for <c>AddSource</c> and for listeners that want them all.</summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [QdrantPooling, ZaiOptimized];
}
