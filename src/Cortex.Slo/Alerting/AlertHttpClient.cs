using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Slo.Alerting;

/// <summary>The named HttpClient the webhook and Slack channels post with.</summary>
internal static class AlertHttpClient
{
    /// <summary>The client's name for <see cref="IHttpClientFactory.CreateClient(string)"/>.</summary>
    public const string Name = "Cortex.Slo.Alerts";

    /// <summary>
    /// Registers the client without the factory's request loggers: they log every request URI, and a webhook URL (Slack's
    /// above all) carries its secret in the path, which the factory's URI redaction does not hide.
    /// </summary>
    public static IHttpClientBuilder AddAlertHttpClient(this IServiceCollection services) =>
        services.AddHttpClient(Name).RemoveAllLoggers();
}
