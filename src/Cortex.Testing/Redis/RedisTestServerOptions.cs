namespace Cortex.Testing.Redis;

/// <summary>Options for <see cref="RedisTestServer"/>.</summary>
public sealed class RedisTestServerOptions
{
    /// <summary>
    /// Gets or sets the path of the <c>redis-server</c> executable.
    /// </summary>
    /// <value>The default is <see langword="null"/>: <c>redis-server</c> is looked up on <c>PATH</c>.</value>
    public string? ExecutablePath { get; set; }

    /// <summary>Gets or sets the port to listen on.</summary>
    /// <value>The default is 0: a free port chosen when the server first starts, and kept across restarts.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets a password the server requires (<c>requirepass</c>); it is added to <see cref="RedisTestServer.ConnectionString"/>.</summary>
    /// <value>The default is <see langword="null"/>: no password.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets how long to wait for the server to answer <c>PING</c> after it is started.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
