using System.Diagnostics.Metrics;
using System.Net;
using Cortex.Internal;
using Cortex.Zai.Optimized;
using Cortex.Zai.Optimized.DependencyInjection;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Steps;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the optimized Z.AI client to a host.</summary>
public static class ZaiServiceCollectionExtensions
{
    /// <summary>
    /// The name of the unkeyed client's <see cref="HttpClient"/> in <see cref="System.Net.Http.IHttpClientFactory"/>; a keyed
    /// client's is <c>Cortex.Zai:{key}</c>. <see cref="ZaiClientBuilder.ConfigureHttpClient"/> reaches either without the name.
    /// </summary>
    public const string HttpClientName = "Cortex.Zai";

    /// <summary>The name of the client's health check, added by <see cref="ZaiClientBuilder.AddHealthCheck"/> (keyed clients add <c>-{key}</c>).</summary>
    public const string HealthCheckName = "cortex-zai";

    /// <summary>
    /// Adds a <see cref="ZaiOptimizedClient"/> singleton, also registered as <see cref="IChatClient"/> and
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, and the <c>zai_completion</c>, <c>zai_streaming</c> and
    /// <c>zai_embedding</c> load-test steps. Options are validated at start; <c>ZAI_API_KEY</c>, <c>ZAI_BASE_URL</c> and
    /// <c>ZAI_MODEL</c>, read through the host's configuration (which holds the environment variables in a default host),
    /// are applied first, and <paramref name="configure"/> runs after them, so code wins. An <see cref="IConnectionMultiplexer"/>
    /// registered by the host is used for the Redis tier; otherwise one is opened from the options.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for follow-ups on this client, such as <see cref="ZaiClientBuilder.ConfigureHttpClient"/>.</returns>
    public static ZaiClientBuilder AddCortexZai(this IServiceCollection services, Action<ZaiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services, null);
        services.AddOptions<ZaiClientOptions>().Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the client as the other overload does, with options bound from <paramref name="configuration"/>: the section
    /// holding them, for example <c>configuration.GetSection("zai")</c>. Durations are TimeSpan strings
    /// (<c>"00:05:00"</c>) or plain numbers of milliseconds (<c>300000</c>); <c>rateLimit:enableRateLimit</c>
    /// is accepted when true; a key that is not a setting is logged as a warning at start. <c>ZAI_API_KEY</c>,
    /// <c>ZAI_BASE_URL</c> and <c>ZAI_MODEL</c> in the host's configuration win over the section, as environment
    /// variables win over <c>appsettings.json</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="ZaiClientOptions"/>.</param>
    /// <returns>A builder for follow-ups on this client, such as <see cref="ZaiClientBuilder.ConfigureHttpClient"/>.</returns>
    public static ZaiClientBuilder AddCortexZai(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ZaiClientOptions>().BindSection(configuration, ZaiConfiguration.Schema);
        return AddCore(services, null);
    }

    /// <summary>
    /// Adds the client configured only from <c>ZAI_API_KEY</c>, <c>ZAI_BASE_URL</c>, <c>ZAI_MODEL</c> (read through the
    /// host's configuration) and defaults.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for follow-ups on this client, such as <see cref="ZaiClientBuilder.ConfigureHttpClient"/>.</returns>
    public static ZaiClientBuilder AddCortexZai(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, null);
    }

    /// <summary>
    /// Adds another client (another key, base URL or model) resolved with <c>[FromKeyedServices(serviceKey)]</c> as
    /// <see cref="ZaiOptimizedClient"/>, <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
    /// Environment variables are not read for it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for follow-ups on this client, such as <see cref="ZaiClientBuilder.ConfigureHttpClient"/>.</returns>
    public static ZaiClientBuilder AddKeyedCortexZai(this IServiceCollection services, string serviceKey, Action<ZaiClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ZaiClientOptions>(serviceKey).Configure(configure);
        return AddCore(services, serviceKey);
    }

    /// <summary>
    /// Adds another client as the other keyed overload does, with its options bound from <paramref name="configuration"/>
    /// (for example <c>configuration.GetSection("zai:coding")</c>), read the same way as the unkeyed section.
    /// Environment variables are not read for it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The key, also the options name.</param>
    /// <param name="configuration">The section holding this client's <see cref="ZaiClientOptions"/>.</param>
    /// <returns>A builder for follow-ups on this client, such as <see cref="ZaiClientBuilder.ConfigureHttpClient"/>.</returns>
    public static ZaiClientBuilder AddKeyedCortexZai(this IServiceCollection services, string serviceKey, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(serviceKey);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ZaiClientOptions>(serviceKey).BindSection(configuration, ZaiConfiguration.Schema);
        return AddCore(services, serviceKey);
    }

    private static ZaiClientBuilder AddCore(IServiceCollection services, string? key)
    {
        var builder = new ZaiClientBuilder(services, key);
        services.AddCortexTimeProvider();
        var name = builder.Name;
        var options = services.AddOptions<ZaiClientOptions>(name);
        if (key is null)
        {
            // A Configure step, not PostConfigure: it runs where it was registered, after a section and before code.
            options.Configure<IServiceProvider>((o, sp) => ZaiEnvironment.Apply(o, sp.GetService<IConfiguration>()));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZaiClientOptions>, ZaiClientOptionsValidator>());
        services.AddHttpClient(builder.HttpClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        ZaiOptimizedClient Create(IServiceProvider sp) => new(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(builder.HttpClientName),
            sp.GetRequiredService<IOptionsMonitor<ZaiClientOptions>>().Get(name),
            sp.GetService<IConnectionMultiplexer>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<IMeterFactory>());

        if (key is null)
        {
            services.TryAddSingleton(Create);
            services.TryAddSingleton<IChatClient>(sp => sp.GetRequiredService<ZaiOptimizedClient>());
            services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => sp.GetRequiredService<ZaiOptimizedClient>());
            services.AddCortexStepHandler<ZaiCompletionStepHandler>();
            services.AddCortexStepHandler<ZaiStreamingStepHandler>();
            services.AddCortexStepHandler<ZaiEmbeddingStepHandler>();
        }
        else
        {
            services.TryAddKeyedSingleton(key, (sp, _) => Create(sp));
            services.TryAddKeyedSingleton<IChatClient>(key, (sp, k) => sp.GetRequiredKeyedService<ZaiOptimizedClient>(k));
            services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(key, (sp, k) => sp.GetRequiredKeyedService<ZaiOptimizedClient>(k));
        }

        return builder;
    }
}
