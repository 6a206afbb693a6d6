using System.Globalization;
using Cortex.Internal;
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
        Range(errors, options.MaxRetries, 0, 20, "MaxRetries");
        Duration(errors, options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "RetryDelay");
        Duration(errors, options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), "MaxRetryDelay");
        Require(errors, options.MaxRetryDelay >= options.RetryDelay, "MaxRetryDelay", options.MaxRetryDelay, "must not be shorter than RetryDelay");

        var cache = options.Cache;
        Range(errors, cache.MemoryCacheSize, 1, 10_000_000, "Cache.MemoryCacheSize");
        Duration(errors, cache.DefaultTtl, TimeSpan.FromTicks(1), TimeSpan.FromDays(30), "Cache.DefaultTtl");
        Range(errors, cache.CompressionThreshold, 0, 64 * 1024 * 1024, "Cache.CompressionThreshold");
        Duration(errors, cache.RedisOperationTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), "Cache.RedisOperationTimeout");
        if ((cache.EnableRedisCache || options.RateLimit.EnableDistributed) && string.IsNullOrWhiteSpace(cache.RedisConnectionString))
        {
            errors.Add("ZaiClientOptions.Cache.RedisConnectionString is empty while Cache.EnableRedisCache or RateLimit.EnableDistributed is on: set it (for example localhost:6379) or turn them off.");
        }

        // A window is a timer's due time as well: beyond the bound it would make CreateTimer throw.
        Duration(errors, options.Deduplication.DeduplicationWindow, TimeSpan.Zero, TimeSpan.FromMinutes(10), "Deduplication.DeduplicationWindow");

        var limits = options.RateLimit;
        Range(errors, limits.RequestsPerMinute, 1, 1_000_000, "RateLimit.RequestsPerMinute");
        Range(errors, limits.BurstCapacity, 1, 1_000_000, "RateLimit.BurstCapacity");
        Range(errors, limits.MaxConcurrentRequests, 1, 10_000, "RateLimit.MaxConcurrentRequests");
        Duration(errors, limits.MaxQueueWait, TimeSpan.Zero, TimeSpan.FromHours(1), "RateLimit.MaxQueueWait");
        Range(errors, limits.MaxQueueLength, 0, 1_000_000, "RateLimit.MaxQueueLength");
        Range(errors, limits.InstanceCount, 1, 10_000, "RateLimit.InstanceCount");

        var performance = options.Performance;
        Require(errors, performance.MaxBatchSize is >= 1 and <= 64, "Performance.MaxBatchSize", performance.MaxBatchSize, "must be between 1 and 64 (Z.AI's limit per call)");
        Duration(errors, performance.BatchTimeout, TimeSpan.Zero, TimeSpan.FromSeconds(10), "Performance.BatchTimeout");
        Duration(errors, performance.RequestTimeout, TimeSpan.FromTicks(1), TimeSpan.FromHours(1), "Performance.RequestTimeout");

        var breaker = options.CircuitBreaker;
        if (breaker.Enabled)
        {
            Range(errors, breaker.FailureThreshold, 2, 100_000, "CircuitBreaker.FailureThreshold");
            Duration(errors, breaker.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), "CircuitBreaker.BreakDuration");
            Duration(errors, breaker.SamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), "CircuitBreaker.SamplingDuration");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, int value, int min, int max, string field) =>
        Rule(errors, OptionBounds.Range(value, min, max), field, value);

    private static void Duration(List<string> errors, TimeSpan value, TimeSpan min, TimeSpan max, string field) =>
        Rule(errors, OptionBounds.Duration(value, min, max), field, value);

    private static void Rule<T>(List<string> errors, string? rule, string field, T value) => Require(errors, rule is null, field, value, rule!);

    private static void Require<T>(List<string> errors, bool ok, string field, T value, string rule)
    {
        if (!ok)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"ZaiClientOptions.{field} ({value}) {rule}."));
        }
    }
}
