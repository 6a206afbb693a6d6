using Cortex.Production;
using Cortex.Production.DependencyInjection;
using Cortex.Production.Internal;
using Cortex.Qdrant.Pooling;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ProductionOptimizer"/> and every enabled Cortex component from one configuration.</summary>
public static class ProductionServiceCollectionExtensions
{
    /// <summary>
    /// Wires the enabled components (<c>production:enableConnectionPooling</c>, <c>production:enableOptimizedZaiClient</c>,
    /// <c>production:enablePerformanceMonitoring</c>, <c>production:enableLoadTesting</c>; all on by default) from the seed's
    /// <c>config/production.json</c> shape (<c>qdrant:pool:*</c>, <c>zai:cache:*</c>, <c>zai:deduplication:*</c>,
    /// <c>zai:rateLimit:*</c>, <c>performance:monitoring:*</c>, <c>performance:slo:*</c>; durations in milliseconds, rates
    /// in percent) and the environment variables the package README lists, then registers the
    /// <see cref="ProductionOptimizer"/>, a hosted service that initializes it at start and refreshes its status, and
    /// the health checks. A value that cannot be read fails at start, naming its key.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (the keys above are read from it, not from a section).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCortexProduction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ProductionOptions>()
            .Configure(o => ProductionConfiguration.ApplyProduction(o, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProductionOptions>, ProductionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHealthChecks();

        if (ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.ConnectionPooling))
        {
            services.AddCortexQdrantPooling((QdrantPoolOptions o) => ProductionConfiguration.ApplyQdrant(o, configuration));

            // A reload of the configuration rebuilds the pool's options, so the pool follows what can change live (MaxConnections).
            services.AddSingleton<IOptionsChangeTokenSource<QdrantPoolOptions>>(new ConfigurationChangeTokenSource<QdrantPoolOptions>(configuration));
        }

        if (ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.OptimizedZaiClient))
        {
            services.AddCortexZai((ZaiClientOptions o) => ProductionConfiguration.ApplyZai(o, configuration));
        }

        if (ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.PerformanceMonitoring))
        {
            services.AddCortexSlo((SloOptions o) => ProductionConfiguration.ApplySlo(o, configuration));
        }

        if (ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.LoadTesting))
        {
            services.AddCortexLoadTesting();
        }

        services.TryAddSingleton(sp => new ProductionOptimizer(
            sp.GetRequiredService<IOptions<ProductionOptions>>(), sp, sp.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => new ProductionHostedService(
            sp.GetRequiredService<ProductionOptimizer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            ProductionConfiguration.MonitoringIntervalOrDefault(configuration) ?? TimeSpan.FromSeconds(30)));
        return services;
    }
}
