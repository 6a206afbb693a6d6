using Cortex.Internal;
using Cortex.Qdrant.Pooling;
using Cortex.Qdrant.Pooling.DependencyInjection;
using Cortex.Qdrant.Pooling.Internal;
using Cortex.Qdrant.Pooling.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Qdrant connection pool to a host.</summary>
public static class QdrantPoolingServiceCollectionExtensions
{
    /// <summary>The name of the pool's health check (keyed pools add <c>-{key}</c>).</summary>
    public const string HealthCheckName = "cortex-qdrant";

    /// <summary>
    /// Adds a <see cref="QdrantPooledClient"/> singleton, a hosted service that initializes it at start (the host fails to
    /// start if no node answers; the pool runs its own health monitor), the <c>cortex-qdrant</c> health check, and the
    /// <c>qdrant_search</c> / <c>qdrant_upsert</c> load-test steps. Options are validated at start; nodes come from
    /// <paramref name="configure"/>, else from <c>QDRANT_URL</c>, <c>QDRANT_ADDITIONAL_NODES</c> and <c>QDRANT_API_KEY</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for follow-ups on this pool.</returns>
    public static QdrantPoolBuilder AddCortexQdrantPooling(this IServiceCollection services, Action<QdrantPoolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<QdrantPoolOptions>().Configure(configure);
        return AddDefault(services);
    }

    /// <summary>
    /// Adds the pool as <see cref="AddCortexQdrantPooling(IServiceCollection, Action{QdrantPoolOptions})"/> does, with
    /// nodes from <c>QDRANT_URL</c>, <c>QDRANT_ADDITIONAL_NODES</c> and <c>QDRANT_API_KEY</c> and default settings.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for follow-ups on this pool.</returns>
    public static QdrantPoolBuilder AddCortexQdrantPooling(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddDefault(services);
    }

    /// <summary>
    /// Adds the pool as <see cref="AddCortexQdrantPooling(IServiceCollection, Action{QdrantPoolOptions})"/> does, with
    /// options bound from <paramref name="configuration"/>: the section holding them, for example
    /// <c>configuration.GetSection("qdrant:pool")</c>. Durations are TimeSpan strings (<c>"00:00:30"</c>) or plain
    /// numbers of milliseconds (<c>30000</c>); a key that is not a setting is logged as a warning at start; the options
    /// follow reloads of the section.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="QdrantPoolOptions"/>.</param>
    /// <returns>A builder for follow-ups on this pool.</returns>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(SectionBinder.NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(SectionBinder.NeedsReflection)]
    public static QdrantPoolBuilder AddCortexQdrantPooling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QdrantPoolOptions>().BindSection(configuration, QdrantPoolConfiguration.Schema);
        return AddDefault(services);
    }

    /// <summary>
    /// Adds a second (third, ...) pool for another cluster, resolved with <c>[FromKeyedServices(serviceKey)]</c>. It gets
    /// its own hosted service and a health check named <c>cortex-qdrant-{serviceKey}</c>; environment variables are not
    /// read for it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for follow-ups on this pool.</returns>
    public static QdrantPoolBuilder AddKeyedCortexQdrantPooling(this IServiceCollection services, string serviceKey, Action<QdrantPoolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<QdrantPoolOptions>(serviceKey).Configure(configure);
        return AddKeyed(services, serviceKey);
    }

    /// <summary>Adds a keyed pool with options bound from <paramref name="configuration"/>, the section holding them.</summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options name.</param>
    /// <param name="configuration">The section holding <see cref="QdrantPoolOptions"/>.</param>
    /// <returns>A builder for follow-ups on this pool.</returns>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(SectionBinder.NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(SectionBinder.NeedsReflection)]
    public static QdrantPoolBuilder AddKeyedCortexQdrantPooling(this IServiceCollection services, string serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QdrantPoolOptions>(serviceKey).BindSection(configuration, QdrantPoolConfiguration.Schema);
        return AddKeyed(services, serviceKey);
    }

    private static QdrantPoolBuilder AddDefault(IServiceCollection services)
    {
        var builder = new QdrantPoolBuilder(services, null);
        services.AddCortexTimeProvider();
        services.AddOptions<QdrantPoolOptions>()
            .PostConfigure<IServiceProvider>((o, sp) => QdrantEnvironment.Apply(o, sp.GetService<IConfiguration>()))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantPoolOptions>, QdrantPoolOptionsValidator>());
        services.TryAddSingleton(sp => Create(sp, Options.Options.DefaultName));
        services.AddHostedService(sp => new QdrantPoolHostedService(sp.GetRequiredService<QdrantPooledClient>()));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            builder.HealthCheckName, sp => new QdrantPoolHealthCheck(sp.GetRequiredService<QdrantPooledClient>()), HealthStatus.Unhealthy, ["cortex", "qdrant", "ready"]));
        services.AddCortexStepHandler<QdrantSearchStepHandler>();
        services.AddCortexStepHandler<QdrantUpsertStepHandler>();
        return builder;
    }

    private static QdrantPoolBuilder AddKeyed(IServiceCollection services, string key)
    {
        var builder = new QdrantPoolBuilder(services, key);
        services.AddCortexTimeProvider();
        services.AddOptions<QdrantPoolOptions>(key).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantPoolOptions>, QdrantPoolOptionsValidator>());
        services.TryAddKeyedSingleton(key, (sp, _) => Create(sp, key));
        services.AddSingleton<IHostedService>(sp => new QdrantPoolHostedService(sp.GetRequiredKeyedService<QdrantPooledClient>(key)));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            builder.HealthCheckName, sp => new QdrantPoolHealthCheck(sp.GetRequiredKeyedService<QdrantPooledClient>(key)), HealthStatus.Unhealthy, ["cortex", "qdrant", "ready"]));
        return builder;
    }

    private static QdrantPooledClient Create(IServiceProvider sp, string name)
    {
        var monitor = sp.GetRequiredService<IOptionsMonitor<QdrantPoolOptions>>();
        var pool = new QdrantPooledClient(monitor.Get(name), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>(), sp.GetService<IMeterFactory>());
        pool.FollowReloads(monitor, name);
        return pool;
    }
}
