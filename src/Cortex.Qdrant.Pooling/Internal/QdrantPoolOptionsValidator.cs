using System.Globalization;
using Cortex.Internal;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>Checks <see cref="QdrantPoolOptions"/> at start; every message names the field and the bad value.</summary>
internal sealed class QdrantPoolOptionsValidator : IValidateOptions<QdrantPoolOptions>
{
    /// <summary>The most connections to one node, in options and through <see cref="QdrantPooledClient.SetMaxConnections"/> alike.</summary>
    public const int MaxConnectionsLimit = 1_000;

    public static void ThrowIfInvalid(QdrantPoolOptions options, string? name = null)
    {
        var result = new QdrantPoolOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name ?? Options.DefaultName, typeof(QdrantPoolOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, QdrantPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Nodes.Count == 0)
        {
            errors.Add("QdrantPoolOptions.Nodes is empty: configure at least one node (qdrant:pool:Nodes, or the QDRANT_URL environment variable).");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            ValidateNode(options.Nodes[i], $"QdrantPoolOptions.Nodes[{i}]", ids, errors);
        }

        if (MaxConnectionsError(options.MaxConnections) is { } maxConnectionsError)
        {
            errors.Add(maxConnectionsError);
        }

        Range(errors, options.MinConnections, 0, MaxConnectionsLimit, nameof(options.MinConnections));
        if (options.MinConnections > options.MaxConnections)
        {
            errors.Add($"QdrantPoolOptions.MinConnections ({options.MinConnections}) must not exceed MaxConnections ({options.MaxConnections}).");
        }

        Range(errors, options.MaxConcurrentStreamsPerConnection, 1, 10_000, nameof(options.MaxConcurrentStreamsPerConnection));
        Duration(errors, options.ConnectionTimeout, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(10), nameof(options.ConnectionTimeout));
        Duration(errors, options.RequestTimeout, TimeSpan.FromTicks(1), TimeSpan.FromHours(1), nameof(options.RequestTimeout));
        Duration(errors, options.HealthCheckInterval, TimeSpan.FromTicks(1), TimeSpan.FromHours(1), nameof(options.HealthCheckInterval));
        Duration(errors, options.KeepAlivePingDelay, TimeSpan.FromTicks(1), TimeSpan.FromHours(1), nameof(options.KeepAlivePingDelay));
        Duration(errors, options.KeepAlivePingTimeout, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(10), nameof(options.KeepAlivePingTimeout));
        Duration(errors, options.ConnectionIdleTimeout, TimeSpan.FromTicks(1), TimeSpan.FromDays(1), nameof(options.ConnectionIdleTimeout));
        Range(errors, options.MaxRetries, 0, 20, nameof(options.MaxRetries));
        Duration(errors, options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(options.RetryDelay));
        Duration(errors, options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(options.MaxRetryDelay));
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"QdrantPoolOptions.MaxRetryDelay ({options.MaxRetryDelay}) must not be shorter than RetryDelay ({options.RetryDelay}).");
        }

        Check(errors, options.BackoffMultiplier is >= 1 and <= 10, nameof(options.BackoffMultiplier), options.BackoffMultiplier, "must be between 1 and 10");
        Range(errors, options.HealthCheckFailureThreshold, 1, 100, nameof(options.HealthCheckFailureThreshold));
        if (options.EnableCircuitBreaker)
        {
            Range(errors, options.CircuitBreakerThreshold, 2, 100_000, nameof(options.CircuitBreakerThreshold));
            Check(errors, options.CircuitBreakerFailureRatio is > 0 and <= 1, nameof(options.CircuitBreakerFailureRatio), options.CircuitBreakerFailureRatio, "must be greater than 0 and at most 1");
            Duration(errors, options.CircuitBreakerTimeout, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), nameof(options.CircuitBreakerTimeout));
            Duration(errors, options.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), nameof(options.CircuitBreakerSamplingDuration));
        }

        if (options.EnableRequestQueue)
        {
            Range(errors, options.MaxQueueSize, 1, 1_000_000, nameof(options.MaxQueueSize));
        }

        if (!Enum.IsDefined(options.LoadBalancing))
        {
            errors.Add($"QdrantPoolOptions.LoadBalancing ({options.LoadBalancing}) is not one of {string.Join(", ", Enum.GetNames<LoadBalancingStrategy>())}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The one rule for <see cref="QdrantPoolOptions.MaxConnections"/> on its own, shared by the options and <see cref="QdrantPooledClient.SetMaxConnections"/>.</summary>
    public static string? MaxConnectionsError(int maxConnections) => maxConnections is >= 1 and <= MaxConnectionsLimit
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"QdrantPoolOptions.MaxConnections ({maxConnections}) must be from 1 to {MaxConnectionsLimit}.");

    /// <summary>Validates a node on its own, for <see cref="QdrantPooledClient.AddNode"/>.</summary>
    public static IReadOnlyList<string> ValidateNode(QdrantNode node, string path, ISet<string> ids)
    {
        var errors = new List<string>();
        ValidateNode(node, path, ids, errors);
        return errors;
    }

    /// <summary>The URL as it may be shown: without any user info it might carry.</summary>
    public static string Printable(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString()
            : url ?? string.Empty;

    private static void ValidateNode(QdrantNode? node, string path, ISet<string> ids, List<string> errors)
    {
        if (node is null)
        {
            errors.Add($"{path} is null.");
            return;
        }

        if (string.IsNullOrWhiteSpace(node.Id))
        {
            errors.Add($"{path}.Id is empty: give every node a unique id.");
        }
        else if (!ids.Add(node.Id))
        {
            errors.Add($"{path}.Id '{node.Id}' is used by another node: node ids must be unique.");
        }

        if (!Uri.TryCreate(node.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            errors.Add($"{path}.Url '{Printable(node.Url)}' is not an absolute http:// or https:// URL (for example http://localhost:6334).");
        }

        if (node.Weight <= 0 || node.Weight > 1000)
        {
            errors.Add($"{path}.Weight ({node.Weight}) must be greater than 0 and at most 1000.");
        }
    }

    private static void Check<T>(List<string> errors, bool ok, string field, T value, string rule)
    {
        if (!ok)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"QdrantPoolOptions.{field} ({value}) {rule}."));
        }
    }

    private static void Range(List<string> errors, int value, int min, int max, string field) =>
        Rule(errors, OptionBounds.Range(value, min, max), field, value);

    private static void Duration(List<string> errors, TimeSpan value, TimeSpan min, TimeSpan max, string field) =>
        Rule(errors, OptionBounds.Duration(value, min, max), field, value);

    private static void Rule<T>(List<string> errors, string? rule, string field, T value) => Check(errors, rule is null, field, value, rule!);
}
