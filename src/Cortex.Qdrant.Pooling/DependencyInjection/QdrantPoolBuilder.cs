using Cortex.Qdrant.Pooling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexQdrantPooling</c> and <c>AddKeyedCortexQdrantPooling</c> return: the services and names of one pool,
/// for follow-ups on exactly that pool (its options in code, its health check by name).
/// </summary>
public sealed class QdrantPoolBuilder : ICortexBuilder
{
    internal QdrantPoolBuilder(IServiceCollection services, string? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
        Name = serviceKey ?? Options.Options.DefaultName;
        HealthCheckName = serviceKey is null ? QdrantPoolingServiceCollectionExtensions.HealthCheckName : $"{QdrantPoolingServiceCollectionExtensions.HealthCheckName}-{serviceKey}";
    }

    /// <summary>Gets the services the pool is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the name of the pool's <see cref="QdrantPoolOptions"/> (<see cref="Options.Options.DefaultName"/>, or the service key).</summary>
    public string Name { get; }

    /// <summary>Gets the key the pool is resolved with, or <see langword="null"/> for the unkeyed pool.</summary>
    public string? ServiceKey { get; }

    /// <summary>Gets the name of the pool's health check (<c>cortex-qdrant</c>, or <c>cortex-qdrant-{key}</c>).</summary>
    public string HealthCheckName { get; }

    /// <summary>
    /// Changes this pool's options in code, after the configuration section was read, so code wins over configuration.
    /// The result is validated at start like any other value.
    /// </summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public QdrantPoolBuilder Configure(Action<QdrantPoolOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<QdrantPoolOptions>(Name).Configure(configure);
        return this;
    }
}
