namespace Cortex.Slo.Alerting;

/// <summary>The manager's handle on one alert: the immutable <see cref="Alert"/> record, replaced as the alert changes.</summary>
internal sealed class AlertEntry(Alert alert)
{
    public Alert Alert { get; set; } = alert;

    public string Fingerprint => Alert.Fingerprint;

    public bool IsFiring => Alert.State == AlertState.Firing;
}
