using Microsoft.Extensions.Configuration;

namespace Cortex.Zai.Optimized.DependencyInjection;

/// <summary>
/// Fills what configuration left unset from the seed's environment variables: <c>ZAI_API_KEY</c>, <c>ZAI_BASE_URL</c>,
/// <c>ZAI_MODEL</c>; and the Redis tier's connection string from <c>ConnectionStrings:redis</c>.
/// </summary>
internal static class ZaiEnvironment
{
    public static void Apply(ZaiClientOptions options, IConfiguration? configuration)
    {
        string? Read(string name) => configuration?[name] ?? Environment.GetEnvironmentVariable(name);

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            options.ApiKey = Read("ZAI_API_KEY");
        }

        if (Read("ZAI_BASE_URL") is { Length: > 0 } baseUrl && options.BaseUrl == ZaiClientOptions.DefaultBaseUrl)
        {
            options.BaseUrl = baseUrl;
        }

        if (Read("ZAI_MODEL") is { Length: > 0 } model)
        {
            options.Model = model;
        }

        if (string.IsNullOrEmpty(options.Cache.RedisConnectionString) && configuration?.GetConnectionString("redis") is { Length: > 0 } redis)
        {
            options.Cache.RedisConnectionString = redis;
        }
    }
}
