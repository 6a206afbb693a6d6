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

/// <summary>Registers the <see cref="ProductionOptimizer"/> and every enabled Cortex component from one configuration.</summary>
public static class ProductionServiceCollectionExtensions
{
    /// <summary>
    /// Wires the enabled components (<c>production:enableConnectionPooling</c>, <c>production:enableOptimizedZaiClient</c>,
    /// <c>production:enablePerformanceMonitoring</c>, <c>production:enableLoadTesting</c>; all on by default) from the
    /// <c>config/production.json</c> shape (<c>qdrant:pool:*</c>, <c>zai:cache:*</c>, <c>zai:deduplication:*</c>,
    /// <c>zai:rateLimit:*</c>, <c>performance:monitoring:*</c>, <c>performance:slo:*</c>; durations in milliseconds or as
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

        services.AddOptions<ProductionOptions>()
            .Configure<IServiceProvider>((o, sp) =>
            {
                ProductionConfiguration.ApplyProduction(o, configuration);
                SectionBinder.WarnUnknown(
                    sp.GetService<ILoggerFactory>(),
                    ProductionConfiguration.ProductionSchema,
                    SectionBinder.UnknownKeys(configuration.GetSection(ProductionConfiguration.ProductionSection), ProductionConfiguration.ProductionSchema));
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProductionOptions>, ProductionOptionsValidator>());
        services.AddCortexTimeProvider();
        services.AddHealthChecks();

        var qdrantPool = ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.ConnectionPooling)
            ? services.AddCortexQdrantPooling(configuration.GetSection(ProductionConfiguration.QdrantPoolSection))
            : null;
        var zai = ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.OptimizedZaiClient)
            ? services.AddCortexZai(configuration.GetSection(ProductionConfiguration.ZaiSection))
            : null;

        var slo = ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.PerformanceMonitoring)
            ? services.AddCortexSlo(configuration.GetSection(ProductionConfiguration.PerformanceSection))
            : null;
        var loadTesting = ProductionConfiguration.IsEnabled(configuration, ProductionConfiguration.LoadTesting)
            ? services.AddCortexLoadTesting()
            : null;

        services.TryAddSingleton(sp => new ProductionOptimizer(
            sp.GetRequiredService<IOptions<ProductionOptions>>(), sp, sp.GetService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => new ProductionHostedService(
            sp.GetRequiredService<ProductionOptimizer>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            ProductionConfiguration.MonitoringIntervalOrDefault(configuration) ?? TimeSpan.FromSeconds(30)));
        return new ProductionBuilder(services, qdrantPool, zai, slo, loadTesting);
    }
}
