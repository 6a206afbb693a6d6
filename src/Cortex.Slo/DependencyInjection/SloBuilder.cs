using Cortex.Slo;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexSlo</c> returns: the services and names of the host's SLO monitor, for follow-ups on it (its options
/// in code, its health check by name).
/// </summary>
public sealed class SloBuilder : ICortexBuilder
{
    internal SloBuilder(IServiceCollection services)
    {
        Services = services;
        Name = Options.Options.DefaultName;
        HealthCheckName = SloServiceCollectionExtensions.HealthCheckName;
    }

    /// <summary>Gets the services the monitor is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the name of the monitor's <see cref="SloOptions"/> (<see cref="Options.Options.DefaultName"/>: one monitor per host).</summary>
    public string Name { get; }

    /// <summary>Gets the name of the monitor's health check, <c>cortex-slo</c>.</summary>
    public string HealthCheckName { get; }

    /// <summary>
    /// Changes the monitor's options in code, after the configuration section and the environment variables were read,
    /// so code wins over both; the result is validated at start.
    /// </summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public SloBuilder Configure(Action<SloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<SloOptions>(Name).Configure(configure);
        return this;
    }
}
