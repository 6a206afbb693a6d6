namespace Cortex.Abstractions.Slo;

/// <summary>One SLO target checked against a measurement.</summary>
/// <param name="Metric">What was checked.</param>
/// <param name="Observed">The measured value, in the metric's unit (see <see cref="SloMetric"/>).</param>
/// <param name="Target">The target, in the same unit.</param>
/// <param name="Passed">Whether the observed value met the target.</param>
public sealed record SloCheck(SloMetric Metric, double Observed, double Target, bool Passed);
