namespace Cortex.Production.Tuning;

/// <summary>One tuning suggestion drawn from observed figures.</summary>
/// <param name="Component">The component: <c>qdrant</c> or <c>zai</c>.</param>
/// <param name="Setting">The configuration key to change (for example <c>qdrant:pool:maxConnections</c>).</param>
/// <param name="CurrentValue">Its value now.</param>
/// <param name="SuggestedValue">The suggested value.</param>
/// <param name="Reason">Why, with the figures that justify it.</param>
/// <param name="AppliesAtRuntime">Whether <see cref="ProductionOptimizer.ApplyTuningAdvice"/> can change it in the running process; otherwise change the configuration and restart.</param>
public sealed record TuningAdvice(string Component, string Setting, double CurrentValue, double SuggestedValue, string Reason, bool AppliesAtRuntime);
