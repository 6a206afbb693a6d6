using Cortex.LoadTesting;
using Cortex.LoadTesting.Steps;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Cortex.LoadTesting.</summary>
public static class LoadTestingServiceCollectionExtensions
{

    /// <summary>
    /// Adds <see cref="LoadTestFrameworkFactory"/> and the built-in step types <c>http</c> and <c>delay</c>. Other
    /// packages add their step types with <c>AddCortexStepHandler</c>; the factory finds them all by name.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for follow-ups, such as the <c>http</c> step's HTTP pipeline.</returns>
    public static LoadTestingBuilder AddCortexLoadTesting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCortexTimeProvider();
        services.AddLogging();
        ConfigureStepClient(services.AddHttpClient(HttpStepHandler.HttpClientName));
        services.AddCortexStepHandler<HttpStepHandler>();
        services.AddCortexStepHandler<DelayStepHandler>();
        services.TryAddSingleton<LoadTestFrameworkFactory>();
        return new LoadTestingBuilder(services);
    }

    /// <summary>The http step's client: what a load generator needs, and nothing that costs per request.</summary>
    private static void ConfigureStepClient(IHttpClientBuilder builder) => builder
        .RemoveAllLoggers()
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
        {
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        });
}
