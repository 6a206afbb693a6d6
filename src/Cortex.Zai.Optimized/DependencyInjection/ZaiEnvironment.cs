using Microsoft.Extensions.Configuration;

namespace Cortex.Zai.Optimized.DependencyInjection;

/// <summary>
/// The environment variables the README lists, read through the host's configuration (a default host's providers include
/// the process environment): <c>ZAI_API_KEY</c>, <c>ZAI_BASE_URL</c> and <c>ZAI_MODEL</c> each win over the configuration
/// section when set; the Redis tier's connection string comes from <c>ConnectionStrings:redis</c> when nothing else set
/// one. Applied before options set in code, so code wins over both.
/// </summary>
internal static class ZaiEnvironment
{
    public const string ApiKeyVariable = "ZAI_API_KEY";
    public const string BaseUrlVariable = "ZAI_BASE_URL";
    public const string ModelVariable = "ZAI_MODEL";

    public static void Apply(ZaiClientOptions options, IConfiguration? configuration)
    {
        if (configuration is null)
        {
            return;
        }

        if (configuration[ApiKeyVariable] is { Length: > 0 } apiKey)
        {
            options.ApiKey = apiKey;
        }

        if (configuration[BaseUrlVariable] is { Length: > 0 } baseUrl)
        {
            options.BaseUrl = baseUrl;
        }

        if (configuration[ModelVariable] is { Length: > 0 } model)
        {
            options.Model = model;
        }

        if (string.IsNullOrEmpty(options.Cache.RedisConnectionString) && configuration.GetConnectionString("redis") is { Length: > 0 } redis)
        {
            options.Cache.RedisConnectionString = redis;
        }
    }
}
