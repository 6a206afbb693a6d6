using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>The alert manager's log messages. None takes a URL or a password: channels are named, SMTP at most by host.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(501, LogLevel.Information, "Alert {AlertName} ({Severity}) on SLO {Slo} is firing: {Summary} [id {Id}]")]
    public static partial void Fired(ILogger logger, string alertName, AlertSeverity severity, string slo, string summary, string id);

    [LoggerMessage(502, LogLevel.Information, "Alert {AlertName} ({Severity}) on SLO {Slo} resolved after {Duration} [id {Id}]")]
    public static partial void AlertResolved(ILogger logger, string alertName, AlertSeverity severity, string slo, TimeSpan duration, string id);

    [LoggerMessage(503, LogLevel.Information, "Alert {AlertName} on SLO {Slo} acknowledged; its escalation stops at level {Level} [id {Id}]")]
    public static partial void AlertAcknowledged(ILogger logger, string alertName, string slo, int level, string id);

    [LoggerMessage(504, LogLevel.Debug, "Alert {AlertName} on SLO {Slo} fires again within the cooldown of its last resolution; not raised")]
    public static partial void InCooldown(ILogger logger, string alertName, string slo);

    [LoggerMessage(505, LogLevel.Warning, "The {Channel} alert channel could not take a notification ({Reason}); retrying in {Delay}, {Pending} notifications waiting")]
    public static partial void WillRetry(ILogger logger, string channel, string reason, TimeSpan delay, int pending);

    [LoggerMessage(506, LogLevel.Error, "Alert delivery given up: {Failure}")]
    public static partial void GaveUp(ILogger logger, string failure);

    [LoggerMessage(507, LogLevel.Information, "The {Channel} alert channel takes notifications again after {Attempts} failed attempts")]
    public static partial void ChannelBack(ILogger logger, string channel, int attempts);

    [LoggerMessage(508, LogLevel.Debug, "Delivered the {Notification} to the {Channel} alert channel")]
    public static partial void Delivered(ILogger logger, string notification, string channel);

    [LoggerMessage(509, LogLevel.Error, "The alert {Loop} loop failed; it carries on")]
    public static partial void LoopFailed(ILogger logger, string loop, Exception exception);

    [LoggerMessage(510, LogLevel.Error, "A handler of the alert manager's {Event} event threw; alerting carries on")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(511, LogLevel.Warning, "Escalation level {Level} names the unknown alert channel '{Channel}'; known channels are webhook, slack and email")]
    public static partial void UnknownChannel(ILogger logger, int level, string channel);

    [LoggerMessage(512, LogLevel.Warning, "The test notification to the {Channel} alert channel failed: {Reason}")]
    public static partial void TestFailed(ILogger logger, string channel, string reason);

    [LoggerMessage(513, LogLevel.Warning, "{Pending} notifications to the {Channel} alert channel were still undelivered when alerting stopped")]
    public static partial void UndeliveredAtStop(ILogger logger, int pending, string channel);

    [LoggerMessage(514, LogLevel.Information, "Alert state restored from the journal: {Firing} alerts firing, {Pending} notifications queued")]
    public static partial void Restored(ILogger logger, int firing, int pending);
}
