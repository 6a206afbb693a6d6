using System.Diagnostics.Metrics;
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

    /// <summary>
    /// Adds a <see cref="SloMonitor"/> singleton started with the host, and the <c>cortex-slo</c> health check. Options
    /// are validated at start, naming every bad field; the environment variables <c>ENABLE_PERFORMANCE_MONITORING</c>,
    /// <c>METRICS_RETENTION_DAYS</c>, <c>SLO_RESPONSE_TIME_P95</c>, <c>SLO_RESPONSE_TIME_P99</c> (ms),
    /// <c>SLO_ERROR_RATE</c>, <c>SLO_AVAILABILITY</c> (percent), <c>ALERT_WEBHOOK_URL</c> and <c>ALERT_EMAIL_RECIPIENTS</c>
    /// win over what <paramref name="configure"/> sets.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (they start as <see cref="SloPresets.Production"/>).</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCortexSlo(this IServiceCollection services, Action<SloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SloOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>Adds the monitor as the other overload does, with options bound from <paramref name="configuration"/>, for example <c>configuration.GetSection("performance:slo")</c>. A list given in configuration (burn-rate rules, escalation levels) replaces the default list.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="SloOptions"/>.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCortexSlo(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SloOptions>()
            .Configure(o =>
            {
                // The binder appends to a list that already has items; configured lists replace the defaults instead.
                if (configuration.GetSection(nameof(SloOptions.BurnRateAlerts)).GetChildren().Any())
                {
                    o.BurnRateAlerts.Clear();
                }

                if (configuration.GetSection($"{nameof(SloOptions.Alerting)}:{nameof(AlertingOptions.Escalation)}").GetChildren().Any())
                {
                    o.Alerting.Escalation.Clear();
                }
            })
            .Bind(configuration);
        return AddCore(services);
    }

    /// <summary>Adds the monitor with the production preset and the environment variables.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCortexSlo(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<SloOptions>()
            .PostConfigure<IServiceProvider>((o, sp) => SloEnvironment.Apply(o, sp.GetService<IConfiguration>()))
            .ValidateOnStart();
        var first = !services.Any(d => d.ServiceType == typeof(SloMonitor));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SloOptions>, SloOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
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
            services.AddHealthChecks().AddCheck<SloHealthCheck>("cortex-slo", tags: ["slo"]);
        }

        return services;
    }
}
