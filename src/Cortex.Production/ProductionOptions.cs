namespace Cortex.Production;

/// <summary>
/// What the <see cref="ProductionOptimizer"/> manages. Bound from
/// <c>production:*</c>, <c>performance:slo:*</c> and the environment variables listed in the package README.
/// </summary>
public sealed class ProductionOptions
{
    /// <summary>Gets or sets a value indicating whether the pooled Qdrant client is wired and checked.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableConnectionPooling { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the optimized Z.AI client is wired and checked.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableOptimizedZaiClient { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the SLO monitor is wired and checked.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnablePerformanceMonitoring { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the load-testing engine is wired and its results checked.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableLoadTesting { get; set; } = true;

    /// <summary>Gets where this deployment runs and which version it is.</summary>
    public DeploymentEnvironment Environment { get; } = new();

    /// <summary>Gets the SLO targets the deployment is judged against.</summary>
    public ProductionSloTargets SloTargets { get; } = new();
}
