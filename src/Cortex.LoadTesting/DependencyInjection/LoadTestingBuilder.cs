using Cortex.LoadTesting.Steps;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexLoadTesting</c> returns: the services, for follow-ups on the load-test engine, such as the
/// <c>http</c> step's HTTP pipeline (<see cref="ConfigureHttpClient"/>).
/// </summary>
public sealed class LoadTestingBuilder : ICortexBuilder
{
    internal LoadTestingBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the services the engine is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets <see cref="Options.Options.DefaultName"/>: a test's options come from its file or code, one engine per host.</summary>
    public string Name => Options.Options.DefaultName;

    /// <summary>Changes the <c>http</c> step's HTTP pipeline: a handler, a proxy, a certificate, or the primary handler.</summary>
    /// <param name="configure">Configures the step's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>This builder.</returns>
    public LoadTestingBuilder ConfigureHttpClient(Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Services.AddHttpClient(HttpStepHandler.HttpClientName));
        return this;
    }
}
