using Cortex.Internal;
using Cortex.LoadTesting;
using Cortex.LoadTesting.DependencyInjection;
using Cortex.LoadTesting.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Cortex.LoadTesting.</summary>
public static class LoadTestingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LoadTestFrameworkFactory"/> and the built-in step types <c>http</c> and <c>delay</c>, with
    /// <see cref="LoadTestingOptions"/> at their defaults. Other packages add their step types with
    /// <c>AddCortexStepHandler</c>; the factory finds them all by name. Calling it again, through any overload, registers
    /// nothing twice.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for follow-ups, such as the <c>http</c> step's HTTP pipeline.</returns>
    public static LoadTestingBuilder AddCortexLoadTesting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    /// <summary>
    /// Adds the engine as <see cref="AddCortexLoadTesting(IServiceCollection)"/> does, with <paramref name="configure"/>
    /// setting the <see cref="LoadTestingOptions"/> (after any section bound by the other overload, so code wins). The
    /// options are validated at start, naming every bad field.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for follow-ups, such as the <c>http</c> step's HTTP pipeline.</returns>
    public static LoadTestingBuilder AddCortexLoadTesting(this IServiceCollection services, Action<LoadTestingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.AddOptions<LoadTestingOptions>().Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the engine as <see cref="AddCortexLoadTesting(IServiceCollection)"/> does, with <see cref="LoadTestingOptions"/>
    /// bound from <paramref name="configuration"/>: the section holding them, for example
    /// <c>configuration.GetSection("loadTesting")</c> (<c>http:maxConnectionsPerServer</c>, <c>http:connectTimeout</c>,
    /// <c>http:allowAutoRedirect</c>, <c>http:maxAutomaticRedirections</c>). Durations are TimeSpan strings
    /// (<c>"00:00:05"</c>) or plain numbers of milliseconds (<c>5000</c>); a key that is not a setting is logged as a
    /// warning at start; the options are validated at start, naming every bad field.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="LoadTestingOptions"/>.</param>
    /// <returns>A builder for follow-ups, such as the <c>http</c> step's HTTP pipeline.</returns>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(SectionBinder.NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(SectionBinder.NeedsReflection)]
    public static LoadTestingBuilder AddCortexLoadTesting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LoadTestingOptions>().BindSection(configuration, LoadTestingConfiguration.Schema);
        return AddCore(services);
    }

    private static LoadTestingBuilder AddCore(IServiceCollection services)
    {
        // The step's client is set up once: a second call (AddCortexProduction after the host's own) must not undo what
        // the host changed through the builder, such as its primary handler.
        var first = !services.Any(d => d.ServiceType == typeof(LoadTestFrameworkFactory));
        services.AddCortexTimeProvider();
        services.AddLogging();
        services.AddOptions<LoadTestingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LoadTestingOptions>, LoadTestingOptionsValidator>());
        if (first)
        {
            ConfigureStepClient(services.AddHttpClient(HttpStepHandler.HttpClientName));
        }

        services.AddCortexStepHandler<HttpStepHandler>();
        services.AddCortexStepHandler<DelayStepHandler>();
        services.TryAddSingleton<LoadTestFrameworkFactory>();
        return new LoadTestingBuilder(services);
    }

    /// <summary>The http step's client: what a load generator needs, and nothing that costs per request.</summary>
    private static void ConfigureStepClient(IHttpClientBuilder builder) => builder
        .RemoveAllLoggers()
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        .ConfigurePrimaryHttpMessageHandler(static sp =>
        {
            var http = sp.GetRequiredService<IOptions<LoadTestingOptions>>().Value.Http;
            return new SocketsHttpHandler
            {
                UseCookies = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = http.MaxConnectionsPerServer,
                ConnectTimeout = http.ConnectTimeout,
                AllowAutoRedirect = http.AllowAutoRedirect,
                MaxAutomaticRedirections = http.MaxAutomaticRedirections,
            };
        });
}
