using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Cortex.Slo.DependencyInjection;

/// <summary>
/// The environment variables the README lists, read through the host's configuration (a default host's providers include
/// the process environment). Each one that is set wins over the configuration section and defaults; options set in code
/// are applied after them and win. A value that does not parse fails the start naming the variable (never its value when
/// it may be a secret).
/// </summary>
internal static class SloEnvironment
{
    public const string Enabled = "ENABLE_PERFORMANCE_MONITORING";
    public const string RetentionDays = "METRICS_RETENTION_DAYS";
    public const string ResponseTimeP95 = "SLO_RESPONSE_TIME_P95";
    public const string ResponseTimeP99 = "SLO_RESPONSE_TIME_P99";
    public const string ErrorRate = "SLO_ERROR_RATE";
    public const string Availability = "SLO_AVAILABILITY";
    public const string WebhookUrl = "ALERT_WEBHOOK_URL";
    public const string WebhookFormat = "ALERT_WEBHOOK_FORMAT";
    public const string EmailRecipients = "ALERT_EMAIL_RECIPIENTS";
    public const string AlertmanagerUrl = "ALERTMANAGER_URL";
    public const string FleetRedis = "ALERT_FLEET_REDIS";

    public static void Apply(SloOptions options, IConfiguration? configuration)
    {
        string? Read(string name) => configuration?[name] is { Length: > 0 } value ? value : null;

        if (Read(Enabled) is { } enabled)
        {
            options.Enabled = enabled.Trim().ToLowerInvariant() switch
            {
                "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw Invalid(Enabled, enabled, "true or false"),
            };
        }

        if (Read(RetentionDays) is { } days)
        {
            options.Retention = TimeSpan.FromDays(Number(RetentionDays, days));
        }

        if (Read(ResponseTimeP95) is { } p95)
        {
            options.ResponseTime.P95 = TimeSpan.FromMilliseconds(Number(ResponseTimeP95, p95));
        }

        if (Read(ResponseTimeP99) is { } p99)
        {
            options.ResponseTime.P99 = TimeSpan.FromMilliseconds(Number(ResponseTimeP99, p99));
        }

        if (Read(ErrorRate) is { } errorRate)
        {
            options.ErrorRate.Warning = Number(ErrorRate, errorRate) / 100;
        }

        if (Read(Availability) is { } availability)
        {
            options.Availability = Number(Availability, availability) / 100;
        }

        if (Read(WebhookUrl) is { } url)
        {
            // The URL is a secret (it carries tokens): the error names the variable only.
            options.Alerting.Webhook.Url = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"{WebhookUrl} is not an absolute URL.");
        }

        if (Read(WebhookFormat) is { } format)
        {
            options.Alerting.Webhook.Format = Enum.TryParse<Cortex.Slo.WebhookFormat>(format.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw Invalid(WebhookFormat, format, "auto, alertmanager or slack");
        }

        if (Read(AlertmanagerUrl) is { } alertmanagers)
        {
            options.Alerting.Alertmanager.Urls.Clear();
            foreach (var instance in alertmanagers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Alerting.Alertmanager.Urls.Add(Uri.TryCreate(instance, UriKind.Absolute, out var uri)
                    ? uri
                    : throw new InvalidOperationException($"{AlertmanagerUrl} holds an entry that is not an absolute URL."));
            }
        }

        if (Read(FleetRedis) is { } redis)
        {
            options.Alerting.Fleet.RedisConnectionString = redis.Trim();
        }

        if (Read(EmailRecipients) is { } recipients)
        {
            options.Alerting.Email.Recipients.Clear();
            foreach (var recipient in recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.Alerting.Email.Recipients.Add(recipient);
            }
        }
    }

    private static double Number(string variable, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Invalid(variable, text, "a number");

    private static InvalidOperationException Invalid(string variable, string text, string expected) =>
        new($"{variable} must be {expected} (was '{text}').");
}
