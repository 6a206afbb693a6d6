using Cortex.Qdrant.Pooling;
using Cortex.Testing.Qdrant;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized;

namespace Cortex.Samples.MemoryService.Embedded;

/// <summary>
/// The in-process stand-ins started when Qdrant or Z.AI is not configured: a <see cref="QdrantTestServer"/> and a
/// <see cref="ZaiTestServer"/> on 127.0.0.1, speaking the real protocols. A configured service is used unchanged.
/// </summary>
public sealed class EmbeddedServices : IAsyncDisposable
{
    private EmbeddedServices(QdrantTestServer? qdrant, ZaiTestServer? zai)
    {
        Qdrant = qdrant;
        Zai = zai;
    }

    /// <summary>Gets the embedded Qdrant node, or <see langword="null"/> when Qdrant is configured.</summary>
    public QdrantTestServer? Qdrant { get; }

    /// <summary>Gets the embedded Z.AI server, or <see langword="null"/> when Z.AI is configured.</summary>
    public ZaiTestServer? Zai { get; }

    /// <summary>Gets a value indicating whether anything runs embedded.</summary>
    public bool IsEmbedded => Qdrant is not null || Zai is not null;

    /// <summary>Starts a stand-in for each service the configuration does not name.</summary>
    /// <param name="configuration">The host's configuration (environment variables included).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running stand-ins.</returns>
    public static async Task<EmbeddedServices> StartAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        QdrantTestServer? qdrant = null;
        try
        {
            if (!IsQdrantConfigured(configuration))
            {
                qdrant = await QdrantTestServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var zai = IsZaiConfigured(configuration) ? null : await ZaiTestServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new EmbeddedServices(qdrant, zai);
        }
        catch
        {
            if (qdrant is not null)
            {
                await qdrant.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Points the Qdrant pool and the Z.AI client at the stand-ins that run; a configured service is left alone.</summary>
    /// <param name="services">The host's services.</param>
    public void Configure(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(this);
        if (Qdrant is { } qdrant)
        {
            services.Configure<QdrantPoolOptions>(o => o.Nodes.Add(new QdrantNode { Id = "embedded", Url = qdrant.GrpcUri.ToString() }));
        }

        if (Zai is { } zai)
        {
            services.Configure<ZaiClientOptions>(o =>
            {
                o.ApiKey = zai.ApiKey;
                o.BaseUrl = zai.BaseUri.ToString().TrimEnd('/');
                o.Cache.EnableRedisCache = false;

                // The stand-in has no quota; the defaults are sized for Z.AI's and would only slow a local run down.
                o.RateLimit.RequestsPerMinute = 60_000;
                o.RateLimit.BurstCapacity = 1_000;
                o.RateLimit.MaxConcurrentRequests = 100;
            });
        }
    }

    /// <summary>Describes what runs where, for the first log line.</summary>
    /// <returns>The description.</returns>
    public string Describe() =>
        $"running embedded: Qdrant {(Qdrant is null ? "configured (not embedded)" : $"test server at {Qdrant.GrpcUri}")}, " +
        $"Z.AI {(Zai is null ? "configured (not embedded)" : $"test server at {Zai.BaseUri}")}" +
        (Zai is null ? string.Empty : "; memory cache only");

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Zai is not null)
        {
            await Zai.DisposeAsync().ConfigureAwait(false);
        }

        if (Qdrant is not null)
        {
            await Qdrant.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsQdrantConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["QDRANT_URL"]) || configuration.GetSection("qdrant:pool:Nodes").GetChildren().Any();

    private static bool IsZaiConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["ZAI_API_KEY"]) || !string.IsNullOrEmpty(configuration["zai:ApiKey"]);
}
