namespace Cortex.Production.Readiness;

/// <summary>The outcome of one readiness check.</summary>
public enum ReadinessOutcome
{
    /// <summary>The check passed; it earns its full weight.</summary>
    Pass,

    /// <summary>The check found something to look at; it earns half its weight and does not block readiness.</summary>
    Warn,

    /// <summary>The check failed; it earns nothing and blocks readiness.</summary>
    Fail,
}
