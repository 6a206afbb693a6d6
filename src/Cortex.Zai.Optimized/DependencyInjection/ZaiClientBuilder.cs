using Cortex.Zai.Optimized;
using Cortex.Zai.Optimized.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexZai</c> and <c>AddKeyedCortexZai</c> return: the services and names of one Z.AI client, for the
/// follow-ups a host needs without knowing how the client is registered, such as its HTTP pipeline
/// (<see cref="ConfigureHttpClient"/>).
/// </summary>
public sealed class ZaiClientBuilder : ICortexBuilder
{
    internal ZaiClientBuilder(IServiceCollection services, string? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
        Name = serviceKey ?? Options.Options.DefaultName;
        HealthCheckName = serviceKey is null ? ZaiServiceCollectionExtensions.HealthCheckName : $"{ZaiServiceCollectionExtensions.HealthCheckName}-{serviceKey}";
        HttpClientName = serviceKey is null ? ZaiServiceCollectionExtensions.HttpClientName : $"{ZaiServiceCollectionExtensions.HttpClientName}:{serviceKey}";
    }

    /// <summary>Gets the services the client is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the name of the client's <see cref="ZaiClientOptions"/> (<see cref="Options.Options.DefaultName"/>, or the service key).</summary>
    public string Name { get; }

    /// <summary>Gets the key the client is resolved with, or <see langword="null"/> for the unkeyed client.</summary>
    public string? ServiceKey { get; }

    /// <summary>Gets the name <see cref="AddHealthCheck"/> registers the client's health check under (<c>cortex-zai</c>, or <c>cortex-zai-{key}</c>).</summary>
    public string HealthCheckName { get; }

    /// <summary>Gets the name of the client's <see cref="HttpClient"/> in <see cref="IHttpClientFactory"/>; each keyed client has its own.</summary>
    public string HttpClientName { get; }

    /// <summary>
    /// Changes this client's HTTP pipeline: add a <see cref="DelegatingHandler"/> (a proxy, a header, resilience of your
    /// own), replace the primary handler, or configure the <see cref="HttpClient"/>. Other Z.AI clients are not affected.
    /// </summary>
    /// <param name="configure">Configures the client's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>This builder.</returns>
    public ZaiClientBuilder ConfigureHttpClient(Action<IHttpClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Services.AddHttpClient(HttpClientName));
        return this;
    }

    /// <summary>
    /// Adds this client's health check, named <see cref="HealthCheckName"/> and tagged <c>cortex</c>, <c>zai</c> and
    /// <c>ready</c>. Each run asks Z.AI for its model list (<c>GET models</c>, no tokens spent; at most 10 s) and PINGs the
    /// Redis tier when one is configured: healthy when both answer; degraded when Z.AI limits the key (429) or Redis is
    /// down (the client goes on memory-only); <paramref name="failureStatus"/> when the key is refused, the API fails or
    /// cannot be reached. Readiness probes run it as often as they poll: poll Z.AI no more than its quotas allow.
    /// </summary>
    /// <param name="failureStatus">The status of a failed check; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">The tags; <c>cortex</c>, <c>zai</c> and <c>ready</c> when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public ZaiClientBuilder AddHealthCheck(HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        var key = ServiceKey;
        Services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName,
            sp => new ZaiHealthCheck(key is null ? sp.GetRequiredService<ZaiOptimizedClient>() : sp.GetRequiredKeyedService<ZaiOptimizedClient>(key)),
            failureStatus ?? HealthStatus.Unhealthy,
            tags ?? ["cortex", "zai", "ready"]));
        return this;
    }
}
