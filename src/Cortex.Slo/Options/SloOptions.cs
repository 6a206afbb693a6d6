using Cortex.Slo.Alerting;
using Cortex.Slo.Status;

namespace Cortex.Slo;

/// <summary>
/// What the SLO monitor watches, judges and tells. The defaults are the production preset
/// (<see cref="SloPresets.Production"/>); <c>AddCortexSlo</c> validates them at start and names any bad field.
/// </summary>
public sealed class SloOptions
{
    /// <summary>Gets or sets a value indicating whether monitoring runs (<c>ENABLE_PERFORMANCE_MONITORING</c>).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the service's name, used in alerts, reports, Prometheus rules and OpenSLO.</summary>
    /// <value>The default is <c>cortex-service</c>.</value>
    public string ServiceName { get; set; } = "cortex-service";

    /// <summary>Gets or sets how often SLOs, burn rates, anomalies and alerts are evaluated.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long measurements are kept at least (<c>METRICS_RETENTION_DAYS</c>): hourly counts, hourly
    /// percentiles and daily histograms reach back the longer of this and <see cref="SloWindow"/>.
    /// </summary>
    /// <value>The default is 7 days.</value>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Gets or sets how long measurements are kept minute by minute. Burn-rate windows shorter than a day are counted from
    /// minutes, so they must fit in it; longer windows and the error budget read hourly counts beyond it. Each day beyond
    /// the first costs about 420 KB a series (its minutes and hour histograms); the rest of a series is fixed (see the README's memory bound).
    /// </summary>
    /// <value>The default is 1 day (at most the longer of <see cref="Retention"/> and <see cref="SloWindow"/>).</value>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the rolling window error budgets are computed over, in process (per-minute counts within <see cref="MinuteRetention"/>, hourly counts beyond it) and in the Prometheus and OpenSLO exports.</summary>
    /// <value>The default is 30 days.</value>
    public TimeSpan SloWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets the response-time targets.</summary>
    public ResponseTimeTargets ResponseTime { get; } = new();

    /// <summary>Gets the error-rate alert levels.</summary>
    public ErrorRateTargets ErrorRate { get; } = new();

    /// <summary>Gets the throughput targets.</summary>
    public ThroughputTargets Throughput { get; } = new();

    /// <summary>Gets or sets the availability objective: the fraction of requests that must succeed (<c>SLO_AVAILABILITY</c>, in percent).</summary>
    /// <value>The default is 0.999.</value>
    public double Availability { get; set; } = 0.999;

    /// <summary>Gets the process resource limits.</summary>
    public ResourceTargets Resources { get; } = new();

    /// <summary>Gets the component SLOs read from the Cortex meters.</summary>
    public ComponentTargets Components { get; } = new();

    /// <summary>Gets the multi-window burn-rate alert rules, applied to every SLO with an error budget.</summary>
    /// <value>The default is the SRE Workbook's: page on 1 h and 5 min above 14.4, page on 6 h and 30 min above 6, ticket on 3 d and 6 h above 1.</value>
    public IList<BurnRateAlertRule> BurnRateAlerts { get; } =
    [
        new() { Name = "page-fast", LongWindow = TimeSpan.FromHours(1), ShortWindow = TimeSpan.FromMinutes(5), Factor = 14.4, Severity = AlertSeverity.Critical },
        new() { Name = "page-slow", LongWindow = TimeSpan.FromHours(6), ShortWindow = TimeSpan.FromMinutes(30), Factor = 6, Severity = AlertSeverity.Critical },
        new() { Name = "ticket", LongWindow = TimeSpan.FromDays(3), ShortWindow = TimeSpan.FromHours(6), Factor = 1, Severity = AlertSeverity.Warning },
    ];

    /// <summary>Gets the anomaly detection settings.</summary>
    public AnomalyOptions Anomaly { get; } = new();

    /// <summary>Gets how alerts are grouped, escalated and delivered.</summary>
    public AlertingOptions Alerting { get; } = new();

    /// <summary>Gets the Prometheus queries the exported recording rules, alert rules and OpenSLO documents read the SLIs from.</summary>
    public PrometheusOptions Prometheus { get; } = new();

    /// <summary>
    /// Gets the host's own instruments to measure requests from, as <c>MeterName/instrument.name</c>, for example
    /// <c>Microsoft.AspNetCore.Hosting/http.server.request.duration</c>. Durations in seconds; a measurement fails when
    /// it carries <c>error.type</c> or an HTTP status of 500 or more.
    /// </summary>
    public IList<string> Instruments { get; } = [];

    /// <summary>
    /// Gets the routes that are not user traffic: a measurement of <see cref="Instruments"/> whose <c>http.route</c> is one
    /// of these or below one (<c>/health</c> covers <c>/health/ready</c>) is not counted in any SLO.
    /// </summary>
    /// <value>The default is <c>/metrics</c>, <c>/health</c>, <c>/system/status</c> and <c>/cortex</c>: scrapes, probes, status pages and the dashboard.</value>
    public IList<string> ExcludedRoutes { get; } = ["/metrics", "/health", "/system/status", "/cortex"];

    /// <summary>Gets or sets a file the history is saved to on stop (and every hour) and restored from on start, so a restart loses no history.</summary>
    /// <value>The default is <see langword="null"/>: history lives in memory only.</value>
    public string? SnapshotPath { get; set; }
}
