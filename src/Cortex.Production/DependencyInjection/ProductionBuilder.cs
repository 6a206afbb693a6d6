namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexProduction</c> returns: the services, and the builder of each component it wired, for follow-ups on
/// them (the Z.AI client's HTTP pipeline, the pool's options) without knowing how they are registered.
/// </summary>
public sealed class ProductionBuilder : ICortexBuilder
{
    internal ProductionBuilder(IServiceCollection services, QdrantPoolBuilder? qdrantPool, ZaiClientBuilder? zai, SloBuilder? slo, LoadTestingBuilder? loadTesting)
    {
        Services = services;
        Name = Options.Options.DefaultName;
        QdrantPool = qdrantPool;
        Zai = zai;
        Slo = slo;
        LoadTesting = loadTesting;
    }

    /// <summary>Gets the services the components are registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the name of the production options (<see cref="Options.Options.DefaultName"/>: one production setup per host).</summary>
    public string Name { get; }

    /// <summary>Gets the Qdrant pool's builder, or <see langword="null"/> when <c>production:enableConnectionPooling</c> is false.</summary>
    public QdrantPoolBuilder? QdrantPool { get; }

    /// <summary>Gets the Z.AI client's builder, or <see langword="null"/> when <c>production:enableOptimizedZaiClient</c> is false.</summary>
    public ZaiClientBuilder? Zai { get; }

    /// <summary>Gets the SLO monitor's builder, or <see langword="null"/> when <c>production:enablePerformanceMonitoring</c> is false.</summary>
    public SloBuilder? Slo { get; }

    /// <summary>Gets the load-test engine's builder, or <see langword="null"/> when <c>production:enableLoadTesting</c> is false.</summary>
    public LoadTestingBuilder? LoadTesting { get; }
}
