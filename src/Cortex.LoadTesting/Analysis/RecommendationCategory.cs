namespace Cortex.LoadTesting.Analysis;

/// <summary>What a recommendation is about.</summary>
public enum RecommendationCategory
{
    /// <summary>Where the latency comes from.</summary>
    Latency,

    /// <summary>What fails and how often.</summary>
    Errors,

    /// <summary>How much load the system sustains.</summary>
    Capacity,

    /// <summary>Whether the load generator itself was the limit.</summary>
    Generator,

    /// <summary>How the thresholds and SLO targets fared.</summary>
    Thresholds,
}
