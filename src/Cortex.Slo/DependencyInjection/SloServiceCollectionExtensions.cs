using System.Diagnostics.Metrics;
using Cortex.Internal;
using Cortex.Slo;
using Cortex.Slo.Alerting;
using Cortex.Slo.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SLO monitor to a host.</summary>
public static class SloServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> that delivers webhook and Slack notifications (registered without request logging: webhook URLs carry secrets).</summary>
    public const string HttpClientName = AlertHttpClient.Name;

    /// <summary>The name of the monitor's health check.</summary>
    public const string HealthCheckName = "cortex-slo";

    /// <summary>
    /// Adds a <see cref="SloMonitor"/> singleton started with the host, and the <c>cortex-slo</c> health check. Options
    /// are validated at start, naming every bad field; the environment variables <c>ENABLE_PERFORMANCE_MONITORING</c>,
    /// <c>METRICS_RETENTION_DAYS</c>, <c>SLO_RESPONSE_TIME_P95</c>, <c>SLO_RESPONSE_TIME_P99</c> (ms),
    /// <c>SLO_ERROR_RATE</c>, <c>SLO_AVAILABILITY</c> (percent), <c>ALERT_WEBHOOK_URL</c>, <c>ALERT_WEBHOOK_FORMAT</c>, <c>ALERTMANAGER_URL</c> and <c>ALERT_EMAIL_RECIPIENTS</c>,
    /// read through the host's configuration (which holds the environment variables in a default host), are applied
    /// first, and <paramref name="configure"/> runs after them, so code wins.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (they start as <see cref="SloPresets.Production"/>).</param>
    /// <returns>A builder for follow-ups on the monitor.</returns>
    public static SloBuilder AddCortexSlo(this IServiceCollection services, Action<SloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.AddOptions<SloOptions>().Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the monitor as the other overload does, with options bound from <paramref name="configuration"/>, the
    /// <c>performance</c> section: the <see cref="SloOptions"/> property names and the <c>config/production.json</c> keys
    /// (<c>monitoring:enabled</c>, <c>monitoring:interval</c>, <c>monitoring:retentionPeriod</c>,
    /// <c>slo:responseTimeP95</c>, <c>slo:responseTimeP99</c> in milliseconds, <c>slo:errorRate</c> and
    /// <c>slo:availability</c> in percent). Durations are TimeSpan strings or plain numbers of milliseconds. A list given
    /// in configuration (burn-rate rules, escalation levels) replaces the default list. A key that is not a setting is
    /// logged as a warning at start. The environment variables the other overload lists, read through the host's
    /// configuration, win over the section, as environment variables win over <c>appsettings.json</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="SloOptions"/>.</param>
    /// <returns>A builder for follow-ups on the monitor.</returns>
    public static SloBuilder AddCortexSlo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SloOptions>().BindSection(configuration, SloConfiguration.Schema);
        return AddCore(services);
    }

    /// <summary>Adds the monitor with the production preset and the environment variables (read through the host's configuration).</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for follow-ups on the monitor.</returns>
    public static SloBuilder AddCortexSlo(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    private static SloBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<SloOptions>()
            // A Configure step, not PostConfigure: it runs where it was registered, after a section and before code.
            .Configure<IServiceProvider>((o, sp) => SloEnvironment.Apply(o, sp.GetService<IConfiguration>()))
            .ValidateOnStart();
        var first = !services.Any(d => d.ServiceType == typeof(SloMonitor));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SloOptions>, SloOptionsValidator>());
        services.AddCortexTimeProvider();
        services.AddAlertHttpClient();
        services.TryAddSingleton(sp => new SloMonitor(
            sp.GetRequiredService<IOptions<SloOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, SloHostedService>());
        if (first)
        {
            services.AddHealthChecks().AddCheck<SloHealthCheck>(HealthCheckName, tags: ["slo"]);
        }

        return new SloBuilder(services);
    }
}
