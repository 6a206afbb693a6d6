using System.Globalization;
using Microsoft.Extensions.Options;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>Checks <see cref="ZaiClientOptions"/> at start; every message names the field and the bad value (never the API key).</summary>
internal sealed class ZaiClientOptionsValidator : IValidateOptions<ZaiClientOptions>
{
    public static void ThrowIfInvalid(ZaiClientOptions options, string? name = null)
    {
        var result = new ZaiClientOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name ?? Options.DefaultName, typeof(ZaiClientOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, ZaiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            errors.Add("ZaiClientOptions.ApiKey is empty: set the ZAI_API_KEY environment variable or zai:ApiKey.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"ZaiClientOptions.BaseUrl '{options.BaseUrl}' is not an absolute https:// URL (for example {ZaiClientOptions.DefaultBaseUrl}).");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !options.AllowInsecureBaseUrl)
        {
            errors.Add($"ZaiClientOptions.BaseUrl '{options.BaseUrl}' is plain http to a remote host: the API key would cross the network unencrypted. Use https, or set AllowInsecureBaseUrl.");
        }

        Require(errors, !string.IsNullOrWhiteSpace(options.Model), "Model", options.Model, "must name a model, for example glm-4.6");
        Require(errors, !string.IsNullOrWhiteSpace(options.EmbeddingModel), "EmbeddingModel", options.EmbeddingModel, "must name a model, for example embedding-3");
        Require(errors, options.MaxRetries >= 0, "MaxRetries", options.MaxRetries, "must not be negative");
        Require(errors, options.RetryDelay >= TimeSpan.Zero, "RetryDelay", options.RetryDelay, "must not be negative");
        Require(errors, options.MaxRetryDelay >= options.RetryDelay, "MaxRetryDelay", options.MaxRetryDelay, "must not be shorter than RetryDelay");

        var cache = options.Cache;
        Require(errors, cache.MemoryCacheSize >= 1, "Cache.MemoryCacheSize", cache.MemoryCacheSize, "must be at least 1");
        Require(errors, cache.DefaultTtl > TimeSpan.Zero, "Cache.DefaultTtl", cache.DefaultTtl, "must be greater than zero");
        Require(errors, cache.CompressionThreshold >= 0, "Cache.CompressionThreshold", cache.CompressionThreshold, "must not be negative");
        if ((cache.EnableRedisCache || options.RateLimit.EnableDistributed) && string.IsNullOrWhiteSpace(cache.RedisConnectionString))
        {
            errors.Add("ZaiClientOptions.Cache.RedisConnectionString is empty while Cache.EnableRedisCache or RateLimit.EnableDistributed is on: set it (for example localhost:6379) or turn them off.");
        }

        Require(errors, options.Deduplication.DeduplicationWindow >= TimeSpan.Zero, "Deduplication.DeduplicationWindow", options.Deduplication.DeduplicationWindow, "must not be negative");

        var limits = options.RateLimit;
        Require(errors, limits.RequestsPerMinute >= 1, "RateLimit.RequestsPerMinute", limits.RequestsPerMinute, "must be at least 1");
        Require(errors, limits.BurstCapacity >= 1, "RateLimit.BurstCapacity", limits.BurstCapacity, "must be at least 1");
        Require(errors, limits.MaxConcurrentRequests >= 1, "RateLimit.MaxConcurrentRequests", limits.MaxConcurrentRequests, "must be at least 1");
        Require(errors, limits.MaxQueueWait >= TimeSpan.Zero, "RateLimit.MaxQueueWait", limits.MaxQueueWait, "must not be negative");
        Require(errors, limits.MaxQueueLength >= 0, "RateLimit.MaxQueueLength", limits.MaxQueueLength, "must not be negative");
        Require(errors, limits.InstanceCount >= 1, "RateLimit.InstanceCount", limits.InstanceCount, "must be at least 1");

        var performance = options.Performance;
        Require(errors, performance.MaxBatchSize is >= 1 and <= 64, "Performance.MaxBatchSize", performance.MaxBatchSize, "must be between 1 and 64 (Z.AI's limit per call)");
        Require(errors, performance.BatchTimeout >= TimeSpan.Zero, "Performance.BatchTimeout", performance.BatchTimeout, "must not be negative");
        Require(errors, performance.RequestTimeout > TimeSpan.Zero, "Performance.RequestTimeout", performance.RequestTimeout, "must be greater than zero");

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled)
        {
            Require(errors, breaker.FailureThreshold >= 2, "CircuitBreaker.FailureThreshold", breaker.FailureThreshold, "must be at least 2");
            Require(errors, breaker.BreakDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker.BreakDuration", breaker.BreakDuration, "must be at least 0.5 seconds");
            Require(errors, breaker.SamplingDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreaker.SamplingDuration", breaker.SamplingDuration, "must be at least 0.5 seconds");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require<T>(List<string> errors, bool ok, string field, T value, string rule)
    {
        if (!ok)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ZaiClientOptions.{field} ({value}) {rule}."));
        }
    }
}
