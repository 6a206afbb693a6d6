using System.Globalization;
using Cortex.Qdrant.Pooling;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.Configuration;

namespace Cortex.Production.Internal;

// Maps the seed's config/production.json (milliseconds, percent, camelCase) onto the component options. The component
// packages read their own environment variables afterwards (PostConfigure), so those are not repeated here.
internal static class ProductionConfiguration
{
    public const string ConnectionPooling = "production:enableConnectionPooling";
    public const string OptimizedZaiClient = "production:enableOptimizedZaiClient";
    public const string PerformanceMonitoring = "production:enablePerformanceMonitoring";
    public const string LoadTesting = "production:enableLoadTesting";
    public const string MonitoringEnabled = "performance:monitoring:enabled";
    public const string MonitoringInterval = "performance:monitoring:interval";
    public const string MonitoringEnvironmentVariable = "ENABLE_PERFORMANCE_MONITORING";

    public static string? Read(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(name) is { Length: > 0 } env ? env : null;

    // Decides at registration which components are wired; an unreadable value counts as "on" here and fails at start
    // (with the key named) when the options are validated.
    public static bool IsEnabled(IConfiguration configuration, string key)
    {
        string? text = key == PerformanceMonitoring
            ? Read(configuration, MonitoringEnvironmentVariable) ?? configuration[key] ?? configuration[MonitoringEnabled]
            : configuration[key];
        return text is null || !TryParseBool(text, out var value) || value;
    }

    public static void ApplyProduction(ProductionOptions o, IConfiguration c)
    {
        Set(c, ConnectionPooling, Bool, v => o.EnableConnectionPooling = v);
        Set(c, OptimizedZaiClient, Bool, v => o.EnableOptimizedZaiClient = v);
        Set(c, MonitoringEnabled, Bool, v => o.EnablePerformanceMonitoring = v);
        Set(c, PerformanceMonitoring, Bool, v => o.EnablePerformanceMonitoring = v);
        SetVariable(c, MonitoringEnvironmentVariable, Bool, v => o.EnablePerformanceMonitoring = v);
        Set(c, LoadTesting, Bool, v => o.EnableLoadTesting = v);

        Set(c, "production:environment:name", Text, v => o.Environment.Name = v);
        Set(c, "production:environment:region", Text, v => o.Environment.Region = v);
        Set(c, "production:environment:version", Text, v => o.Environment.Version = v);
        SetVariable(c, "AWS_REGION", Text, v => o.Environment.Region = v);
        SetVariable(c, "APP_VERSION", Text, v => o.Environment.Version = v);

        foreach (var prefix in (string[])["performance:slo", "production:sloTargets"])
        {
            Set(c, $"{prefix}:responseTimeP95", Number, v => o.SloTargets.ResponseTimeP95 = v);
            Set(c, $"{prefix}:responseTimeP99", Number, v => o.SloTargets.ResponseTimeP99 = v);
            Set(c, $"{prefix}:errorRate", Number, v => o.SloTargets.ErrorRate = v);
            Set(c, $"{prefix}:availability", Number, v => o.SloTargets.Availability = v);
        }

        SetVariable(c, "SLO_RESPONSE_TIME_P95", Number, v => o.SloTargets.ResponseTimeP95 = v);
        SetVariable(c, "SLO_RESPONSE_TIME_P99", Number, v => o.SloTargets.ResponseTimeP99 = v);
        SetVariable(c, "SLO_ERROR_RATE", Number, v => o.SloTargets.ErrorRate = v);
        SetVariable(c, "SLO_AVAILABILITY", Number, v => o.SloTargets.Availability = v);
    }

    public static void ApplyQdrant(QdrantPoolOptions o, IConfiguration c)
    {
        Set(c, "qdrant:pool:maxConnections", Integer, v => o.MaxConnections = v);
        Set(c, "qdrant:pool:minConnections", Integer, v => o.MinConnections = v);
        Set(c, "qdrant:pool:connectionTimeout", Milliseconds, v => o.ConnectionTimeout = v);
        Set(c, "qdrant:pool:requestTimeout", Milliseconds, v => o.RequestTimeout = v);
        Set(c, "qdrant:pool:enableCircuitBreaker", Bool, v => o.EnableCircuitBreaker = v);
        Set(c, "qdrant:pool:circuitBreakerThreshold", Integer, v => o.CircuitBreakerThreshold = v);
        Set(c, "qdrant:pool:circuitBreakerTimeout", Milliseconds, v => o.CircuitBreakerTimeout = v);
        Set(c, "qdrant:pool:healthCheckInterval", Milliseconds, v => o.HealthCheckInterval = v);
        Set(c, "qdrant:pool:healthCheckFailureThreshold", Integer, v => o.HealthCheckFailureThreshold = v);
        Set(c, "qdrant:pool:maxQueueSize", Integer, v => o.MaxQueueSize = v);
        Set(c, "qdrant:pool:maxRetries", Integer, v => o.MaxRetries = v);
    }

    public static void ApplyZai(ZaiClientOptions o, IConfiguration c)
    {
        Set(c, "zai:cache:enableMemoryCache", Bool, v => o.Cache.EnableMemoryCache = v);
        Set(c, "zai:cache:memoryCacheSize", Integer, v => o.Cache.MemoryCacheSize = v);
        Set(c, "zai:cache:defaultTTL", Milliseconds, v => o.Cache.DefaultTtl = v);
        Set(c, "zai:cache:enableRedisCache", Bool, v => o.Cache.EnableRedisCache = v);
        Set(c, "zai:deduplication:enableDeduplication", Bool, v => o.Deduplication.EnableDeduplication = v);
        Set(c, "zai:deduplication:deduplicationWindow", Milliseconds, v => o.Deduplication.DeduplicationWindow = v);
        Set(c, "zai:rateLimit:enableRateLimit", Bool, v =>
        {
            // The client always limits itself (Z.AI enforces quotas server-side); saying "off" would be a silent lie.
            if (!v)
            {
                throw new InvalidOperationException("Configuration key 'zai:rateLimit:enableRateLimit' is false, but the Z.AI client cannot run without its rate limiter: remove the key or set it to true, and raise zai:rateLimit:requestsPerMinute instead.");
            }
        });
        Set(c, "zai:rateLimit:requestsPerMinute", Integer, v => o.RateLimit.RequestsPerMinute = v);
        Set(c, "zai:rateLimit:burstCapacity", Integer, v => o.RateLimit.BurstCapacity = v);
        Set(c, "zai:rateLimit:maxConcurrentRequests", Integer, v => o.RateLimit.MaxConcurrentRequests = v);
    }

    public static void ApplySlo(SloOptions o, IConfiguration c)
    {
        Set(c, MonitoringEnabled, Bool, v => o.Enabled = v);
        Set(c, MonitoringInterval, Milliseconds, v => o.EvaluationInterval = v);
        Set(c, "performance:monitoring:retentionPeriod", Milliseconds, v => o.Retention = v);
        Set(c, "performance:slo:responseTimeP95", Milliseconds, v => o.ResponseTime.P95 = v);
        Set(c, "performance:slo:responseTimeP99", Milliseconds, v => o.ResponseTime.P99 = v);
        Set(c, "performance:slo:errorRate", Number, v => o.ErrorRate.Warning = v / 100);
        Set(c, "performance:slo:availability", Number, v => o.Availability = v / 100);
    }

    public static TimeSpan? MonitoringIntervalOrDefault(IConfiguration c) =>
        c[MonitoringInterval] is { } text && Milliseconds(MonitoringInterval, text) is var v && v > TimeSpan.Zero ? v : null;

    private static void Set<T>(IConfiguration c, string key, Func<string, string, T> parse, Action<T> apply)
    {
        if (c[key] is { } text)
        {
            apply(parse(key, text));
        }
    }

    private static void SetVariable<T>(IConfiguration c, string name, Func<string, string, T> parse, Action<T> apply)
    {
        if (Read(c, name) is { } text)
        {
            apply(parse(name, text));
        }
    }

    private static string Text(string key, string text) => text.Trim();

    private static bool Bool(string key, string text) =>
        TryParseBool(text, out var value) ? value : throw Invalid(key, text, "true or false");

    private static int Integer(string key, string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text, "a whole number");

    private static double Number(string key, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : throw Invalid(key, text, "a number");

    private static TimeSpan Milliseconds(string key, string text)
    {
        var ms = Number(key, text);
        return ms >= 0 && ms <= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.FromMilliseconds(ms) : throw Invalid(key, text, "a non-negative number of milliseconds");
    }

    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                value = true;
                return true;
            case "false" or "0" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    // Values here are numbers and switches, never secrets, so echoing them helps and leaks nothing.
    private static InvalidOperationException Invalid(string key, string text, string expected) =>
        new($"Configuration key '{key}' must be {expected} (was '{text}').");
}
