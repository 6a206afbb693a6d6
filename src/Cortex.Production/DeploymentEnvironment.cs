namespace Cortex.Production;

/// <summary>Where a deployment runs and which version it is (recorded for rollback).</summary>
public sealed class DeploymentEnvironment
{
    /// <summary>Gets or sets the environment name.</summary>
    /// <value>The default is <c>production</c>.</value>
    public string Name { get; set; } = "production";

    /// <summary>Gets or sets the region (environment variable <c>AWS_REGION</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets the deployed version (environment variable <c>APP_VERSION</c>).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Version { get; set; }
}
