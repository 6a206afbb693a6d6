using System.Globalization;
using Cortex.Slo.Evaluation;
using Cortex.Slo.Status;
using Microsoft.Extensions.Options;

namespace Cortex.Slo;

/// <summary>Checks <see cref="SloOptions"/> at start; every message names the field and the bad value.</summary>
internal sealed class SloOptionsValidator : IValidateOptions<SloOptions>
{
    private static readonly TimeSpan MaxLatency = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, SloOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(SloOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(!string.IsNullOrWhiteSpace(o.ServiceName), "Slo:ServiceName must not be empty.");
        Check(o.EvaluationInterval >= TimeSpan.FromSeconds(1) && o.EvaluationInterval <= TimeSpan.FromMinutes(1), $"Slo:EvaluationInterval must be between 1 second and 1 minute (was {o.EvaluationInterval}).");
        Check(o.Retention >= TimeSpan.FromHours(1) && o.Retention <= TimeSpan.FromDays(90), $"Slo:Retention (METRICS_RETENTION_DAYS) must be between 1 hour and 90 days (was {o.Retention}).");
        Check(o.SloWindow >= TimeSpan.FromHours(1) && o.SloWindow <= TimeSpan.FromDays(365), $"Slo:SloWindow must be between 1 hour and 365 days (was {o.SloWindow}).");
        Check(o.MinuteRetention >= TimeSpan.FromHours(1) && o.MinuteRetention <= TimeSpan.FromDays(7), $"Slo:MinuteRetention must be between 1 hour and 7 days (was {o.MinuteRetention}).");
        var history = o.Retention > o.SloWindow ? o.Retention : o.SloWindow;
        var minutes = o.MinuteRetention < history ? o.MinuteRetention : history;
        Check(o.Availability is > 0 and < 1, $"Slo:Availability (SLO_AVAILABILITY) must be above 0% and below 100% (was {Pct(o.Availability)}).");
        CheckLatency(errors, "P50", o.ResponseTime.P50);
        CheckLatency(errors, "P90", o.ResponseTime.P90);
        CheckLatency(errors, "P95", o.ResponseTime.P95, " (SLO_RESPONSE_TIME_P95)");
        CheckLatency(errors, "P99", o.ResponseTime.P99, " (SLO_RESPONSE_TIME_P99)");
        Check(o.ErrorRate.Warning is > 0 and < 1, $"Slo:ErrorRate:Warning (SLO_ERROR_RATE) must be above 0% and below 100% (was {Pct(o.ErrorRate.Warning)}).");
        Check(o.ErrorRate.Critical > o.ErrorRate.Warning && o.ErrorRate.Critical <= 1, $"Slo:ErrorRate:Critical must be above the warning level and at most 100% (was {Pct(o.ErrorRate.Critical)}).");
        Check(o.Throughput.Min >= 0 && o.Throughput.Target >= o.Throughput.Min, $"Slo:Throughput needs 0 <= Min <= Target (was {o.Throughput.Min.ToString(CultureInfo.InvariantCulture)} and {o.Throughput.Target.ToString(CultureInfo.InvariantCulture)}).");
        Check(o.Resources.CpuWarning is > 0 and <= 1 && o.Resources.CpuCritical > o.Resources.CpuWarning && o.Resources.CpuCritical <= 1, $"Slo:Resources:CpuWarning and CpuCritical need 0 < warning < critical <= 100% (were {Pct(o.Resources.CpuWarning)} and {Pct(o.Resources.CpuCritical)}).");
        Check(o.Resources.MemoryWarning is > 0 and <= 1 && o.Resources.MemoryCritical > o.Resources.MemoryWarning && o.Resources.MemoryCritical <= 1, $"Slo:Resources:MemoryWarning and MemoryCritical need 0 < warning < critical <= 100% (were {Pct(o.Resources.MemoryWarning)} and {Pct(o.Resources.MemoryCritical)}).");
        foreach (var (name, value) in new[] { ("QdrantErrorRate", o.Components.QdrantErrorRate), ("ZaiCacheHitRate", o.Components.ZaiCacheHitRate), ("ZaiDedupRate", o.Components.ZaiDedupRate), ("PoolUtilization", o.Components.PoolUtilization) })
        {
            Check(value is null or >= 0 and <= 1, $"Slo:Components:{name} must be between 0% and 100% (was {Pct(value ?? 0)}).");
        }

        Check(o.Components.QdrantLatencyP95 is null || (o.Components.QdrantLatencyP95 > TimeSpan.Zero && o.Components.QdrantLatencyP95 <= MaxLatency), $"Slo:Components:QdrantLatencyP95 must be > 0 and at most 1 hour (was {o.Components.QdrantLatencyP95}).");

        var budgeted = SloDefinitions.From(o).Where(d => d.HasErrorBudget && errors.Count == 0).ToList();
        for (var i = 0; i < o.BurnRateAlerts.Count; i++)
        {
            var rule = o.BurnRateAlerts[i];
            var path = $"Slo:BurnRateAlerts:{i}";
            Check(!string.IsNullOrWhiteSpace(rule.Name), $"{path}:Name must not be empty.");
            Check(rule.ShortWindow > TimeSpan.Zero && rule.LongWindow > rule.ShortWindow, $"{path} ('{rule.Name}') needs 0 < ShortWindow < LongWindow (were {rule.ShortWindow} and {rule.LongWindow}).");
            Check(rule.LongWindow <= history, $"{path} ('{rule.Name}'): LongWindow {rule.LongWindow} is longer than the history kept (the longer of Slo:Retention {o.Retention} and Slo:SloWindow {o.SloWindow}), so it could never be measured.");
            foreach (var (field, window) in new[] { ("ShortWindow", rule.ShortWindow), ("LongWindow", rule.LongWindow) })
            {
                // Under a day a window is counted minute by minute; an hour's granularity at its far edge would be too coarse.
                Check(window >= TimeSpan.FromDays(1) || window <= minutes, $"{path}:{field} ('{rule.Name}') {window} is shorter than a day, so it is counted from minutes, but Slo:MinuteRetention keeps only {minutes}; raise Slo:MinuteRetention to at least {window}.");
            }

            Check(rule.Factor > 0, $"{path} ('{rule.Name}'): Factor must be > 0 (was {rule.Factor.ToString(CultureInfo.InvariantCulture)}).");
            foreach (var slo in budgeted)
            {
                // At burn rate b the error ratio is b × (1 − objective); above 1 it would need more errors than requests.
                var needed = rule.Factor * (1 - slo.Objective!.Value);
                Check(needed <= 1, $"{path}:Factor {rule.Factor.ToString(CultureInfo.InvariantCulture)} ('{rule.Name}') can never fire for SLO '{slo.Name}' (objective {Pct(slo.Objective.Value)}): {rule.Factor.ToString(CultureInfo.InvariantCulture)} × (1 − {slo.Objective.Value.ToString(CultureInfo.InvariantCulture)}) = {needed.ToString("0.###", CultureInfo.InvariantCulture)} > 1.");
            }
        }

        var a = o.Alerting;
        Check(a.GroupWait >= TimeSpan.Zero && a.GroupInterval > TimeSpan.Zero && a.RepeatInterval >= a.GroupInterval, $"Slo:Alerting needs GroupWait >= 0, GroupInterval > 0 and RepeatInterval >= GroupInterval (were {a.GroupWait}, {a.GroupInterval}, {a.RepeatInterval}).");
        Check(a.GroupWait <= TimeSpan.FromHours(1), $"Slo:Alerting:GroupWait must be at most 1 hour (was {a.GroupWait}).");
        Check(a.GroupInterval <= TimeSpan.FromDays(1), $"Slo:Alerting:GroupInterval must be at most 1 day (was {a.GroupInterval}).");
        Check(a.RepeatInterval <= TimeSpan.FromDays(7), $"Slo:Alerting:RepeatInterval must be at most 7 days (was {a.RepeatInterval}).");
        Check(a.Cooldown >= TimeSpan.Zero && a.Cooldown <= TimeSpan.FromDays(1), $"Slo:Alerting:Cooldown must be between 0 and 1 day (was {a.Cooldown}).");
        for (var i = 0; i < a.GroupBy.Count; i++)
        {
            Check(!string.IsNullOrWhiteSpace(a.GroupBy[i]), $"Slo:Alerting:GroupBy:{i} must be a label name, for example alertname or slo (was '{a.GroupBy[i]}').");
            Check(a.GroupBy.IndexOf(a.GroupBy[i]) == i, $"Slo:Alerting:GroupBy:{i}: '{a.GroupBy[i]}' is listed twice.");
        }

        for (var i = 0; i < a.InhibitRules.Count; i++)
        {
            var rule = a.InhibitRules[i];
            var path = $"Slo:Alerting:InhibitRules:{i}";
            Check(rule.SourceMatchers.Count > 0 && rule.TargetMatchers.Count > 0, $"{path} needs at least one of SourceMatchers and one of TargetMatchers (had {rule.SourceMatchers.Count} and {rule.TargetMatchers.Count}); a rule without them would mute every alert.");
            foreach (var (field, labels) in new[] { ("SourceMatchers", rule.SourceMatchers.Keys), ("TargetMatchers", rule.TargetMatchers.Keys), ("Equal", (ICollection<string>)rule.Equal) })
            {
                Check(labels.All(l => !string.IsNullOrWhiteSpace(l)), $"{path}:{field} must name labels; an empty label name is not one.");
            }
        }

        var known = new[] { AlertChannels.Webhook, AlertChannels.Slack, AlertChannels.Email };
        for (var i = 0; i < a.Escalation.Count; i++)
        {
            var level = a.Escalation[i];
            Check(level.Delay >= TimeSpan.Zero && level.Delay <= TimeSpan.FromDays(7) && (i == 0 || level.Delay >= a.Escalation[i - 1].Delay), $"Slo:Alerting:Escalation:{i}:Delay must be between 0 and 7 days and not before the previous level's (was {level.Delay}).");
            foreach (var channel in level.Channels)
            {
                Check(known.Contains(channel, StringComparer.OrdinalIgnoreCase), $"Slo:Alerting:Escalation:{i}:Channels: '{channel}' is not a channel; use webhook, slack or email.");
            }
        }

        Check(a.Webhook.Url is null || IsHttp(a.Webhook.Url), "Slo:Alerting:Webhook:Url (ALERT_WEBHOOK_URL) must be an absolute http or https URL.");
        for (var i = 0; i < a.Alertmanager.Urls.Count; i++)
        {
            Check(a.Alertmanager.Urls[i] is { } url && IsHttp(url), $"Slo:Alerting:Alertmanager:Urls:{i} (ALERTMANAGER_URL) must be an absolute http or https URL.");
        }

        Check(a.Alertmanager.ResendInterval >= TimeSpan.FromSeconds(1) && a.Alertmanager.ResendInterval <= TimeSpan.FromHours(1), $"Slo:Alerting:Alertmanager:ResendInterval must be between 1 second and 1 hour (was {a.Alertmanager.ResendInterval}).");
        Check(a.Alertmanager.GeneratorUrl is null || a.Alertmanager.GeneratorUrl.IsAbsoluteUri, "Slo:Alerting:Alertmanager:GeneratorUrl must be an absolute URL.");
        Check(a.Fleet.RedisConnectionString is null || !string.IsNullOrWhiteSpace(a.Fleet.RedisConnectionString), "Slo:Alerting:Fleet:RedisConnectionString (ALERT_FLEET_REDIS) must not be empty when set.");
        Check(a.Fleet.LeaseTime >= TimeSpan.FromSeconds(1) && a.Fleet.LeaseTime <= TimeSpan.FromMinutes(5), $"Slo:Alerting:Fleet:LeaseTime must be between 1 second and 5 minutes (was {a.Fleet.LeaseTime}).");
        Check(a.Fleet.LeaseKey is null || !string.IsNullOrWhiteSpace(a.Fleet.LeaseKey), "Slo:Alerting:Fleet:LeaseKey must not be empty when set.");
        Check(a.Fleet.KeyPrefix is null || !string.IsNullOrWhiteSpace(a.Fleet.KeyPrefix), "Slo:Alerting:Fleet:KeyPrefix must not be empty when set.");
        Check(Enum.IsDefined(a.Webhook.Format), $"Slo:Alerting:Webhook:Format (ALERT_WEBHOOK_FORMAT) must be Auto, Alertmanager or Slack (was {a.Webhook.Format}).");
        Check(a.Slack.WebhookUrl is null || IsHttp(a.Slack.WebhookUrl), "Slo:Alerting:Slack:WebhookUrl must be an absolute http or https URL.");
        Check(a.Slack.MinInterval >= TimeSpan.Zero && a.Slack.MinInterval <= TimeSpan.FromHours(1), $"Slo:Alerting:Slack:MinInterval must be between 0 and 1 hour (was {a.Slack.MinInterval}).");
        Check(a.Email.Port is > 0 and < 65536, $"Slo:Alerting:Email:Port must be 1-65535 (was {a.Email.Port}).");
        Check(a.Email.Host is null || a.Email.Recipients.Count > 0, "Slo:Alerting:Email:Recipients (ALERT_EMAIL_RECIPIENTS) must list at least one address when Email:Host is set.");
        foreach (var recipient in a.Email.Recipients)
        {
            Check(System.Net.Mail.MailAddress.TryCreate(recipient, out _), $"Slo:Alerting:Email:Recipients: '{recipient}' is not an email address.");
        }

        Check(a.Delivery.InitialBackoff > TimeSpan.Zero && a.Delivery.MaxBackoff >= a.Delivery.InitialBackoff && a.Delivery.MaxAge > TimeSpan.Zero && a.Delivery.Timeout > TimeSpan.Zero, "Slo:Alerting:Delivery needs InitialBackoff > 0, MaxBackoff >= InitialBackoff, MaxAge > 0 and Timeout > 0.");
        Check(a.Delivery.InitialBackoff <= TimeSpan.FromHours(1) && a.Delivery.MaxBackoff <= TimeSpan.FromDays(1) && a.Delivery.MaxAge <= TimeSpan.FromDays(30) && a.Delivery.Timeout <= TimeSpan.FromMinutes(10), $"Slo:Alerting:Delivery needs InitialBackoff <= 1 hour, MaxBackoff <= 1 day, MaxAge <= 30 days and Timeout <= 10 minutes (were {a.Delivery.InitialBackoff}, {a.Delivery.MaxBackoff}, {a.Delivery.MaxAge}, {a.Delivery.Timeout}).");
        Check(a.Journal.Directory is null || !string.IsNullOrWhiteSpace(a.Journal.Directory), "Slo:Alerting:Journal:Directory must not be empty when set (leave it out to keep alert state in memory).");
        Check(a.Journal.MaxBytes is >= 64 * 1024 and <= 1024L * 1024 * 1024, $"Slo:Alerting:Journal:MaxBytes must be between 65536 (64 KiB) and 1073741824 (1 GiB) (was {a.Journal.MaxBytes}).");
        var anomaly = o.Anomaly;
        Check(anomaly.WarmupPoints >= 5 && anomaly.BaselinePoints >= anomaly.WarmupPoints && anomaly.BaselinePoints <= 100_000 && anomaly.ConsecutivePoints is >= 1 and <= 1_000 && anomaly.Threshold > 0, $"Slo:Anomaly needs WarmupPoints >= 5, WarmupPoints <= BaselinePoints <= 100000, 1 <= ConsecutivePoints <= 1000 and Threshold > 0 (were {anomaly.WarmupPoints}, {anomaly.BaselinePoints}, {anomaly.ConsecutivePoints}, {anomaly.Threshold.ToString(CultureInfo.InvariantCulture)}).");
        Check(anomaly.SeasonalAfter >= TimeSpan.Zero && anomaly.SeasonalAfter <= TimeSpan.FromDays(90), $"Slo:Anomaly:SeasonalAfter must be between 0 and 90 days (was {anomaly.SeasonalAfter}).");
        if (errors.Count == 0)
        {
            var slos = SloDefinitions.From(o);
            foreach (var (slo, severity) in anomaly.Alerts)
            {
                var definition = slos.FirstOrDefault(d => d.Name == slo);
                Check(definition is not null, $"Slo:Anomaly:Alerts: '{slo}' is not an SLO; use one of {string.Join(", ", slos.Where(d => SloDefinitions.AnomalyMetric(d) is not null).Select(d => d.Name))}.");
                Check(definition is null || SloDefinitions.AnomalyMetric(definition) is not null, $"Slo:Anomaly:Alerts:{slo}: SLO '{slo}' has no anomaly figure (only latency, availability and error-rate SLOs do).");
                Check(Enum.IsDefined(severity), $"Slo:Anomaly:Alerts:{slo} must be Info, Warning or Critical (was {severity}).");
            }
        }

        foreach (var route in o.ExcludedRoutes)
        {
            Check(route is { Length: > 1 } && route[0] == '/', $"Slo:ExcludedRoutes: '{route}' must be a route starting with '/', for example /health.");
        }

        foreach (var instrument in o.Instruments)
        {
            Check(instrument.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && slash < instrument.Length - 1, $"Slo:Instruments: '{instrument}' must be MeterName/instrument.name.");
        }

        return errors;
    }

    private static void CheckLatency(List<string> errors, string name, TimeSpan? value, string variable = "")
    {
        if (value is { } v && v <= TimeSpan.Zero)
        {
            errors.Add($"Slo:ResponseTime:{name}{variable} must be > 0 ms (was {v.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms).");
        }
        else if (value > MaxLatency)
        {
            errors.Add($"Slo:ResponseTime:{name}{variable} must be at most {MaxLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms, 1 hour (was {value.Value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms).");
        }
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Pct(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
