namespace Cortex.Zai.Optimized.Internal;

/// <summary>The <c>server.address</c> and <c>server.port</c> of the configured base URL, worked out once.</summary>
internal sealed class ZaiServer(Uri baseUri)
{
    public string Address { get; } = baseUri.Host;

    public int Port { get; } = baseUri.Port;

    /// <summary>Gets the port boxed once: a tag value is an object, and boxing on every call would allocate.</summary>
    public object BoxedPort { get; } = baseUri.Port;
}
