using System.Globalization;
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

        Check(errors, options.MinConnections >= 0, nameof(options.MinConnections), options.MinConnections, "must not be negative");
        if (options.MinConnections > options.MaxConnections)
        {
            errors.Add($"QdrantPoolOptions.MinConnections ({options.MinConnections}) must not exceed MaxConnections ({options.MaxConnections}).");
        }

        Check(errors, options.MaxConcurrentStreamsPerConnection >= 1, nameof(options.MaxConcurrentStreamsPerConnection), options.MaxConcurrentStreamsPerConnection, "must be at least 1");
        Positive(errors, options.ConnectionTimeout, nameof(options.ConnectionTimeout));
        Positive(errors, options.RequestTimeout, nameof(options.RequestTimeout));
        Positive(errors, options.HealthCheckInterval, nameof(options.HealthCheckInterval));
        Positive(errors, options.KeepAlivePingDelay, nameof(options.KeepAlivePingDelay));
        Positive(errors, options.KeepAlivePingTimeout, nameof(options.KeepAlivePingTimeout));
        Positive(errors, options.ConnectionIdleTimeout, nameof(options.ConnectionIdleTimeout));
        Check(errors, options.MaxRetries >= 0, nameof(options.MaxRetries), options.MaxRetries, "must not be negative");
        Check(errors, options.RetryDelay >= TimeSpan.Zero, nameof(options.RetryDelay), options.RetryDelay, "must not be negative");
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"QdrantPoolOptions.MaxRetryDelay ({options.MaxRetryDelay}) must not be shorter than RetryDelay ({options.RetryDelay}).");
        }

        Check(errors, options.BackoffMultiplier >= 1, nameof(options.BackoffMultiplier), options.BackoffMultiplier, "must be at least 1");
        Check(errors, options.HealthCheckFailureThreshold >= 1, nameof(options.HealthCheckFailureThreshold), options.HealthCheckFailureThreshold, "must be at least 1");
        if (options.EnableCircuitBreaker)
        {
            Check(errors, options.CircuitBreakerThreshold >= 2, nameof(options.CircuitBreakerThreshold), options.CircuitBreakerThreshold, "must be at least 2");
            Check(errors, options.CircuitBreakerFailureRatio is > 0 and <= 1, nameof(options.CircuitBreakerFailureRatio), options.CircuitBreakerFailureRatio, "must be greater than 0 and at most 1");
            Check(errors, options.CircuitBreakerTimeout >= TimeSpan.FromMilliseconds(500), nameof(options.CircuitBreakerTimeout), options.CircuitBreakerTimeout, "must be at least 0.5 seconds");
            Check(errors, options.CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), nameof(options.CircuitBreakerSamplingDuration), options.CircuitBreakerSamplingDuration, "must be at least 0.5 seconds");
        }

        if (options.EnableRequestQueue)
        {
            Check(errors, options.MaxQueueSize >= 1, nameof(options.MaxQueueSize), options.MaxQueueSize, "must be at least 1 while EnableRequestQueue is true");
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

        if (node.Weight <= 0)
        {
            errors.Add($"{path}.Weight ({node.Weight}) must be greater than 0.");
        }
    }

    private static void Check<T>(List<string> errors, bool ok, string field, T value, string rule)
    {
        if (!ok)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"QdrantPoolOptions.{field} ({value}) {rule}."));
        }
    }

    private static void Positive(List<string> errors, TimeSpan value, string field) =>
        Check(errors, value > TimeSpan.Zero, field, value, "must be greater than zero");
}
