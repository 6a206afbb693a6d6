using System.Globalization;
using Cortex.Internal;
using Microsoft.Extensions.Configuration;

namespace Cortex.Production.Internal;

// Reads the production section of config/production.json onto ProductionOptions. The component sections
// (qdrant:pool, zai, performance, loadTesting) are read by the component packages' own AddCortexX(section), so each key means the
// same through AddCortexProduction as through the package; they read their own environment variables too.
internal static class ProductionConfiguration
{
    public const string QdrantPoolSection = "qdrant:pool";
    public const string ZaiSection = "zai";
    public const string PerformanceSection = "performance";
    public const string LoadTestingSection = "loadTesting";
    public const string ProductionSection = "production";

    // The production section's settings, for reporting unknown keys; the values themselves are read by ApplyProduction,
    // which also accepts yes/no/on/off.
    public static SectionSchema ProductionSchema { get; } = new(typeof(ProductionOptions), nameof(ProductionOptions));

    public const string ConnectionPooling = "production:enableConnectionPooling";
    public const string OptimizedZaiClient = "production:enableOptimizedZaiClient";
    public const string PerformanceMonitoring = "production:enablePerformanceMonitoring";
    public const string LoadTesting = "production:enableLoadTesting";
    public const string MonitoringEnabled = "performance:monitoring:enabled";
    public const string MonitoringInterval = "performance:monitoring:interval";
    public const string MonitoringEnvironmentVariable = "ENABLE_PERFORMANCE_MONITORING";

    // Environment variables arrive through the host's configuration providers (a default host adds them), so an
    // in-memory or JSON provider can stand for them and the process environment is never read behind the host's back.
    public static string? Read(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : null;

    // Decides at registration which components are wired; an unreadable value counts as "on" here and fails at start
    // (with the key named) when the options are validated.
    public static bool IsEnabled(IConfiguration configuration, string key)
    {
        string? text = key == PerformanceMonitoring
            ? Read(configuration, MonitoringEnvironmentVariable) ?? configuration[key] ?? configuration[MonitoringEnabled]
            : configuration[key];
        return text is null || !TryParseBool(text, out var value) || value;
    }

    // The production section and the variables, variables winning (as environment variables win over appsettings.json).
    public static void ApplyProduction(ProductionOptions o, IConfiguration c)
    {
        Set(c, ConnectionPooling, Bool, v => o.EnableConnectionPooling = v);
        Set(c, OptimizedZaiClient, Bool, v => o.EnableOptimizedZaiClient = v);
        Set(c, MonitoringEnabled, Bool, v => o.EnablePerformanceMonitoring = v);
        Set(c, PerformanceMonitoring, Bool, v => o.EnablePerformanceMonitoring = v);
        Set(c, LoadTesting, Bool, v => o.EnableLoadTesting = v);

        Set(c, "production:environment:name", Text, v => o.Environment.Name = v);
        Set(c, "production:environment:region", Text, v => o.Environment.Region = v);
        Set(c, "production:environment:version", Text, v => o.Environment.Version = v);

        foreach (var prefix in (string[])["performance:slo", "production:sloTargets"])
        {
            Set(c, $"{prefix}:responseTimeP95", LatencyMilliseconds, v => o.SloTargets.ResponseTimeP95 = v);
            Set(c, $"{prefix}:responseTimeP99", LatencyMilliseconds, v => o.SloTargets.ResponseTimeP99 = v);
            Set(c, $"{prefix}:errorRate", Number, v => o.SloTargets.ErrorRate = v);
            Set(c, $"{prefix}:availability", Number, v => o.SloTargets.Availability = v);
        }

        ApplyVariables(o, c);
    }

    // The variables alone: what AddCortexProduction() and AddCortexProduction(Action) read from the host's configuration.
    public static void ApplyVariables(ProductionOptions o, IConfiguration c)
    {
        SetVariable(c, MonitoringEnvironmentVariable, Bool, v => o.EnablePerformanceMonitoring = v);
        SetVariable(c, "AWS_REGION", Text, v => o.Environment.Region = v);
        SetVariable(c, "APP_VERSION", Text, v => o.Environment.Version = v);
        SetVariable(c, "SLO_RESPONSE_TIME_P95", Number, v => o.SloTargets.ResponseTimeP95 = v);
        SetVariable(c, "SLO_RESPONSE_TIME_P99", Number, v => o.SloTargets.ResponseTimeP99 = v);
        SetVariable(c, "SLO_ERROR_RATE", Number, v => o.SloTargets.ErrorRate = v);
        SetVariable(c, "SLO_AVAILABILITY", Number, v => o.SloTargets.Availability = v);
    }

    public static TimeSpan? MonitoringIntervalOrDefault(IConfiguration c) =>
        c[MonitoringInterval] is { } text && SectionBinder.ReadDuration(MonitoringInterval, text) is var v && v > TimeSpan.Zero ? v : null;

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

    // A latency target: milliseconds or a TimeSpan string, read as the SLO package reads the same key.
    private static double LatencyMilliseconds(string key, string text) =>
        SectionBinder.ReadDuration(key, text).TotalMilliseconds;

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
