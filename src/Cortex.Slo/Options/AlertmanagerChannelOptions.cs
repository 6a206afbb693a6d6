namespace Cortex.Slo;

/// <summary>
/// Prometheus Alertmanager as the destination of alerts (<c>ALERTMANAGER_URL</c>): the monitor posts its firing alerts
/// to Alertmanager's API v2 (<c>/api/v2/alerts</c>) as Prometheus does, again every <see cref="ResendInterval"/>, and
/// their resolution once; Alertmanager groups, deduplicates, silences and routes them, so replicas of a service that
/// fire the same alert page once. Escalation levels do not apply (Alertmanager routes); the other channels still do.
/// </summary>
public sealed class AlertmanagerChannelOptions
{
    /// <summary>
    /// Gets the Alertmanager instances to post to, for example <c>http://alertmanager:9093</c> (every instance of a
    /// cluster, as Prometheus is told); empty turns the channel off.
    /// </summary>
    public IList<Uri> Urls { get; } = [];

    /// <summary>Gets or sets how often firing alerts are posted again; a firing alert is sent with an end 4 times this far ahead, so the alerts of a replica that died resolve by themselves.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the link Alertmanager shows as each alert's source (its <c>generatorURL</c>), for example the service's status page.</summary>
    /// <value>The default is <see langword="null"/>: none.</value>
    public Uri? GeneratorUrl { get; set; }
}
