using Cortex.Zai.Optimized;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddCortexZai</c> and <c>AddKeyedCortexZai</c> return: the services and names of one Z.AI client, for the
/// follow-ups a host needs without knowing how the client is registered, such as its HTTP pipeline
/// (<see cref="ConfigureHttpClient"/>).
/// </summary>
public sealed class ZaiClientBuilder
{
    internal ZaiClientBuilder(IServiceCollection services, string? serviceKey)
    {
        Services = services;
        ServiceKey = serviceKey;
        Name = serviceKey ?? Options.Options.DefaultName;
        HttpClientName = serviceKey is null ? ZaiServiceCollectionExtensions.HttpClientName : $"{ZaiServiceCollectionExtensions.HttpClientName}:{serviceKey}";
    }

    /// <summary>Gets the services the client is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the name of the client's <see cref="ZaiClientOptions"/> (<see cref="Options.Options.DefaultName"/>, or the service key).</summary>
    public string Name { get; }

    /// <summary>Gets the key the client is resolved with, or <see langword="null"/> for the unkeyed client.</summary>
    public string? ServiceKey { get; }

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
}
