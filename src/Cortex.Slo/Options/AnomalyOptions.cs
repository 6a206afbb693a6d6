using Cortex.Slo.Alerting;
using Cortex.Slo.Status;

namespace Cortex.Slo;

/// <summary>Anomaly detection on per-minute log-latency (p95) and error rate.</summary>
public sealed class AnomalyOptions
{
    /// <summary>Gets or sets a value indicating whether anomalies are detected.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the baseline method.</summary>
    /// <value>The default is <see cref="AnomalyMethod.MedianAbsoluteDeviation"/>.</value>
    public AnomalyMethod Method { get; set; } = AnomalyMethod.MedianAbsoluteDeviation;

    /// <summary>Gets or sets how many per-minute points the baseline needs before anything is flagged.</summary>
    /// <value>The default is 30.</value>
    public int WarmupPoints { get; set; } = 30;

    /// <summary>Gets or sets how many recent points form the baseline.</summary>
    /// <value>The default is 120.</value>
    public int BaselinePoints { get; set; } = 120;

    /// <summary>Gets or sets how many consecutive points must breach the band before an anomaly is flagged.</summary>
    /// <value>The default is 3.</value>
    public int ConsecutivePoints { get; set; } = 3;

    /// <summary>Gets or sets the band's half-width in robust standard deviations.</summary>
    /// <value>The default is 4.</value>
    public double Threshold { get; set; } = 4;

    /// <summary>
    /// Gets the SLOs whose anomalies raise alerts, each with the alert's severity (by SLO name, for example
    /// <c>latency-p95 = Warning</c>). An anomaly of the SLO's series and figure (p95 latency for latency SLOs, error rate for
    /// availability and error-rate SLOs) fires the alert <c>anomaly:latency_p95</c> or <c>anomaly:error_rate</c> while the
    /// episode lasts; it is grouped, inhibited, silenced and escalated as any other alert.
    /// </summary>
    /// <value>The default is empty: anomalies are events and log lines only.</value>
    public IDictionary<string, AlertSeverity> Alerts { get; } = new Dictionary<string, AlertSeverity>(StringComparer.Ordinal);

    /// <summary>Gets or sets how much history makes the baseline seasonal (the same time of day on earlier days).</summary>
    /// <value>The default is 2 days.</value>
    public TimeSpan SeasonalAfter { get; set; } = TimeSpan.FromDays(2);
}
