namespace Cortex.Testing.Qdrant;

/// <summary>Options for <see cref="QdrantTestServer.StartAsync"/>.</summary>
public sealed class QdrantTestServerOptions
{
    /// <summary>
    /// Gets or sets the API key every call must carry in its <c>api-key</c> metadata header, as a Qdrant node started
    /// with <c>QDRANT__SERVICE__API_KEY</c> requires; calls without it fail with <c>Unauthenticated</c>.
    /// <c>qdrant.Qdrant/HealthCheck</c> is exempt, as on a real node.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no key is required. When set, it must not be empty.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the store that holds the collections; give several servers the same store to make a cluster.</summary>
    /// <value>The default is <see langword="null"/>: the server gets a new, empty store of its own.</value>
    public QdrantTestStore? Store { get; set; }

    /// <summary>Gets or sets the clock that injected latency (<see cref="QdrantFaultInjector.Latency"/>) waits on.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>; tests can pass a <c>FakeTimeProvider</c> and advance it.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the port to listen on at 127.0.0.1.</summary>
    /// <value>The default is 0: the operating system picks a free port, which <see cref="QdrantTestServer.Port"/> reports.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets the seed for the random draws of fault injection (latency jitter, failing fractions).</summary>
    /// <value>The default is <see langword="null"/>: a different sequence on every run.</value>
    public int? RandomSeed { get; set; }

    internal void Validate()
    {
        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException(
                $"{nameof(QdrantTestServerOptions)}.{nameof(ApiKey)} is empty or white space; set a key, or leave it null to accept calls without one.",
                nameof(ApiKey));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(QdrantTestServerOptions)}.{nameof(TimeProvider)} is null; leave it at its default, TimeProvider.System.", nameof(TimeProvider));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, $"{nameof(QdrantTestServerOptions)}.{nameof(Port)} must be from 0 (any free port) to 65535.");
        }
    }
}
