using Cortex.Internal;
using Cortex.Production;
using Cortex.Production.DependencyInjection;
using Cortex.Production.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ProductionOptimizer"/> and every enabled Cortex component, from a configuration, from code, or from the variables alone.</summary>
public static class ProductionServiceCollectionExtensions
{
    /// <summary>
    /// Wires the enabled components (<c>production:enableConnectionPooling</c>, <c>production:enableOptimizedZaiClient</c>,
    /// <c>production:enablePerformanceMonitoring</c>, <c>production:enableLoadTesting</c>; all on by default) from the
    /// <c>config/production.json</c> shape (<c>qdrant:pool:*</c>, <c>zai:cache:*</c>, <c>zai:deduplication:*</c>,
    /// <c>zai:rateLimit:*</c>, <c>performance:monitoring:*</c>, <c>performance:slo:*</c>, <c>loadTesting:http:*</c>; durations in milliseconds or as
    /// TimeSpan strings, rates in percent) and the environment variables the package README lists, then registers the
    /// <see cref="ProductionOptimizer"/>, a hosted service that initializes it at start and refreshes its status, and
    /// the health checks. Each component section is read by that package's own <c>AddCortexX(section)</c>, so a key means
    /// the same here as there. A value that cannot be read fails at start, naming its key; a key that is not a setting
    /// is logged as a warning.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (the keys above are read from it, not from a section).</param>
    /// <returns>A builder that reaches each wired component's builder (<see cref="ProductionBuilder.Zai"/>, <see cref="ProductionBuilder.QdrantPool"/>).</returns>
    public static ProductionBuilder AddCortexProduction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddCore(services, configuration, configure: null);
    }

    /// <summary>
    /// Wires every component (each with its own no-argument <c>AddCortexX()</c>, so each reads its variables, such as
    /// <c>QDRANT_URL</c> and <c>ZAI_API_KEY</c>, through the host's configuration) and registers the
    /// <see cref="ProductionOptimizer"/> as the other overloads do, with <see cref="ProductionOptions"/> from defaults and
    /// the variables the package README lists (<c>APP_VERSION</c>, <c>AWS_REGION</c>, <c>SLO_*</c>,
    /// <c>ENABLE_PERFORMANCE_MONITORING</c>), read through the host's configuration. No section is read.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder that reaches each wired component's builder.</returns>
    public static ProductionBuilder AddCortexProduction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, configuration: null, configure: null);
    }

    /// <summary>
    /// Registers the <see cref="ProductionOptimizer"/> as <see cref="AddCortexProduction(IServiceCollection)"/> does, with
    /// <paramref name="configure"/> applied after the variables, so code wins. The <c>Enable*</c> switches it sets decide
    /// which components are wired: it also runs once here, on a fresh <see cref="ProductionOptions"/>, to read them, so it
    /// should only set options.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder that reaches each wired component's builder.</returns>
    public static ProductionBuilder AddCortexProduction(this IServiceCollection services, Action<ProductionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return AddCore(services, configuration: null, configure);
    }

    private static ProductionBuilder AddCore(IServiceCollection services, IConfiguration? configuration, Action<ProductionOptions>? configure)
    {
        var optionsBuilder = services.AddOptions<ProductionOptions>()
            .Configure<IServiceProvider>((o, sp) =>
            {
                if (configuration is null)
                {
                    if (sp.GetService<IConfiguration>() is { } host)
                    {
                        ProductionConfiguration.ApplyVariables(o, host);
                    }

                    return;
                }

                ProductionConfiguration.ApplyProduction(o, configuration);
                SectionBinder.WarnUnknown(
                    sp.GetService<ILoggerFactory>(),
                    ProductionConfiguration.ProductionSchema,
                    SectionBinder.UnknownKeys(configuration.GetSection(ProductionConfiguration.ProductionSection), ProductionConfiguration.ProductionSchema));
            });
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProductionOptions>, ProductionOptionsValidator>());
        services.AddCortexTimeProvider();
        services.AddHealthChecks();

        // Which components are wired is decided now: from the configuration, or from what the code sets.
        var wired = new ProductionOptions();
        configure?.Invoke(wired);
        bool Wired(string key, bool fromCode) => configuration is null ? fromCode : ProductionConfiguration.IsEnabled(configuration, key);

        var qdrantPool = Wired(ProductionConfiguration.ConnectionPooling, wired.EnableConnectionPooling)
            ? configuration is null ? services.AddCortexQdrantPooling() : services.AddCortexQdrantPooling(configuration.GetSection(ProductionConfiguration.QdrantPoolSection))
            : null;
        var zai = Wired(ProductionConfiguration.OptimizedZaiClient, wired.EnableOptimizedZaiClient)
            ? configuration is null ? services.AddCortexZai() : services.AddCortexZai(configuration.GetSection(ProductionConfiguration.ZaiSection))
            : null;
        var slo = Wired(ProductionConfiguration.PerformanceMonitoring, wired.EnablePerformanceMonitoring)
            ? configuration is null ? services.AddCortexSlo() : services.AddCortexSlo(configuration.GetSection(ProductionConfiguration.PerformanceSection))
            : null;
        var loadTesting = Wired(ProductionConfiguration.LoadTesting, wired.EnableLoadTesting)
            ? configuration is null ? services.AddCortexLoadTesting() : services.AddCortexLoadTesting(configuration.GetSection(ProductionConfiguration.LoadTestingSection))
            : null;

        // Once per host, however often this is called.
        if (!services.Any(d => d.ServiceType == typeof(ProductionOptimizer)))
        {
            var interval = (configuration is null ? null : ProductionConfiguration.MonitoringIntervalOrDefault(configuration)) ?? TimeSpan.FromSeconds(30);
            services.AddSingleton(sp => new ProductionOptimizer(
                sp.GetRequiredService<IOptions<ProductionOptions>>(), sp, sp.GetService<TimeProvider>()));
            services.AddSingleton<IHostedService>(sp => new ProductionHostedService(
                sp.GetRequiredService<ProductionOptimizer>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                interval));
        }

        return new ProductionBuilder(services, qdrantPool, zai, slo, loadTesting);
    }
}
