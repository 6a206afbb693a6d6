namespace Cortex.Zai.Optimized;

/// <summary>The circuit breaker in front of the API: after repeated failures, fail fast for a while.</summary>
public sealed class ZaiCircuitBreakerOptions
{
    /// <summary>Gets or sets a value indicating whether the breaker is on.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many failed calls (within <see cref="SamplingDuration"/>, all of them failing) open the circuit.</summary>
    /// <value>The default is 5.</value>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the circuit stays open before one probe call is let through.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);
}
