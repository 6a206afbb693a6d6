namespace Cortex.Testing.Redis;

/// <summary>
/// <c>redis-server</c> could not be found, so <see cref="RedisTestServer"/> cannot start. The message says how to install it.
/// </summary>
public sealed class RedisServerNotFoundException : Exception
{
    /// <summary>The message used when <c>redis-server</c> is not on <c>PATH</c>.</summary>
    internal const string NotOnPathMessage =
        "redis-server was not found on PATH, so RedisTestServer cannot start a real Redis. Install it " +
        "(Debian/Ubuntu: 'sudo apt-get install redis-server'; Fedora: 'sudo dnf install redis'; macOS: 'brew install redis') " +
        "or set RedisTestServerOptions.ExecutablePath.";

    /// <summary>Initializes a new instance of the <see cref="RedisServerNotFoundException"/> class.</summary>
    public RedisServerNotFoundException()
        : base(NotOnPathMessage)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisServerNotFoundException"/> class.</summary>
    /// <param name="message">What was not found and how to install it.</param>
    public RedisServerNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RedisServerNotFoundException"/> class.</summary>
    /// <param name="message">What was not found and how to install it.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public RedisServerNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
