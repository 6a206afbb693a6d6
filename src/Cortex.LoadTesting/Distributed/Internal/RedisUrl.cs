using System.Globalization;
using StackExchange.Redis;

namespace Cortex.LoadTesting.Distributed.Internal;

/// <summary>
/// A <c>redis://</c> URL, the form k6, Celery and most Redis clients accept. Parsed here because StackExchange.Redis reads
/// only its own <c>host:port,password=...</c> strings; <see cref="ToString"/> never shows the password.
/// </summary>
internal sealed record RedisUrl(string Host, int Port, string? User, string? Password, int? Database, bool Tls)
{
    public const int DefaultPort = 6379;
    private const string Shape = "redis://[user:password@]host[:port][/database] (rediss:// for TLS)";

    /// <summary>Parses a URL; the <see cref="FormatException"/> message shows it with any password masked.</summary>
    public static RedisUrl Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException($"is empty; give {Shape}.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || uri.Host.Length == 0)
        {
            throw new FormatException($"'{Mask(text)}' is not {Shape}.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException($"'{Mask(text)}' has a query or fragment; give {Shape}.");
        }

        int? database = null;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            database = int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db) && db < 1000
                ? db
                : throw new FormatException($"'{Mask(text)}' names database '{path}'; the path is a database number (redis://host:6379/0).");
        }

        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            user = user.Length == 0 ? null : user;
        }

        return new RedisUrl(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, user, password, database, uri.Scheme == "rediss");
    }

    /// <summary>The text with whatever stands between <c>://</c> and the last <c>@</c> masked.</summary>
    public static string Mask(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "***" + text[at..] : text;
    }

    public ConfigurationOptions ToConfiguration(TimeSpan connectTimeout)
    {
        var config = new ConfigurationOptions
        {
            User = User,
            Password = Password,
            Ssl = Tls,
            DefaultDatabase = Database,
            AbortOnConnectFail = true,
            ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
            ConnectRetry = 2,
            ClientName = "cortex-load",

            // Back within half a second of Redis, not after the default exponential backoff (seconds, growing with the
            // outage): an agent that reconnects late looks silent to the others, which may count it lost.
            ReconnectRetryPolicy = new LinearRetry(500),
        };
        config.EndPoints.Add(Host, Port);
        return config;
    }

    /// <summary>The URL without its user and password.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "rediss" : "redis")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}{(Database is { } d ? "/" + d.ToString(CultureInfo.InvariantCulture) : "")}");
}
