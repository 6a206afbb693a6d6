using System.Collections.Concurrent;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;
using Cortex.Production.Status;
using Cortex.Qdrant.Pooling;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cortex.Production;

/// <summary>
/// Manages a Cortex deployment: checks that every enabled component is configured, reports overall and per-component
/// status, generates the production readiness report, runs the load-test presets and gives tuning advice.
/// </summary>
public sealed partial class ProductionOptimizer : IAsyncDisposable
{
    private readonly IOptions<ProductionOptions> _options;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LoadTestResult> _results = new(StringComparer.OrdinalIgnoreCase);
    private ProductionStatus _status;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="ProductionOptimizer"/> class.</summary>
    /// <param name="options">What is enabled, the environment and the SLO targets.</param>
    /// <param name="services">The host's services, where the enabled components are resolved.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public ProductionOptimizer(IOptions<ProductionOptions> options, IServiceProvider services, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        _options = options;
        _services = services;
        _time = timeProvider ?? TimeProvider.System;
        _status = new ProductionStatus { EvaluatedAt = _time.GetUtcNow(), OverallHealth = ProductionHealth.Unhealthy };
    }

    private ProductionOptions Options => _options.Value;

    private QdrantPooledClient? Pool => Options.EnableConnectionPooling ? _services.GetService<QdrantPooledClient>() : null;

    private ZaiOptimizedClient? Zai => Options.EnableOptimizedZaiClient ? _services.GetService<ZaiOptimizedClient>() : null;

    private SloMonitor? Monitor => Options.EnablePerformanceMonitoring ? _services.GetService<SloMonitor>() : null;

    private LoadTestFrameworkFactory? LoadTests => Options.EnableLoadTesting ? _services.GetService<LoadTestFrameworkFactory>() : null;

    /// <summary>Checks that every enabled component has its configuration, then computes the first status.</summary>
    /// <param name="cancellationToken">Cancels the first status.</param>
    /// <returns>A task that completes when the optimizer is ready.</returns>
    /// <exception cref="InvalidOperationException">An enabled component lacks its configuration; the message names the variable or key (never its value).</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var problems = FindConfigurationProblems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Cortex.Production cannot start: " + string.Join(" ", problems));
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets the last computed status (refreshed by <see cref="InitializeAsync"/>, <see cref="RefreshAsync"/> and the hosted service's loop).</summary>
    /// <returns>The status.</returns>
    public ProductionStatus GetProductionStatus() => Volatile.Read(ref _status);

    /// <summary>Runs the registered health checks and reads every enabled component's figures.</summary>
    /// <param name="cancellationToken">Cancels the health checks.</param>
    /// <returns>The new status.</returns>
    public async Task<ProductionStatus> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var components = new List<ComponentHealth>();
        var overall = ProductionHealth.Healthy;
        if (_services.GetService<HealthCheckService>() is { } health)
        {
            var report = await health.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
            overall = Map(report.Status);
            components.AddRange(report.Entries.Select(e => new ComponentHealth(e.Key, Map(e.Value.Status), e.Value.Description, e.Value.Duration)));
        }

        var status = new ProductionStatus
        {
            EvaluatedAt = _time.GetUtcNow(),
            OverallHealth = overall,
            Environment = Options.Environment.Name,
            Version = Options.Environment.Version,
            Components = components,
            Qdrant = Pool?.GetStatistics(),
            Zai = Zai?.GetStatistics(),
            Slo = Monitor?.GetSloStatus(),
        };
        Volatile.Write(ref _status, status);
        return status;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        // The components belong to the container; the optimizer only forgets its results.
        _disposed = true;
        _results.Clear();
        return ValueTask.CompletedTask;
    }

    private static ProductionHealth Map(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => ProductionHealth.Healthy,
        HealthStatus.Degraded => ProductionHealth.Degraded,
        _ => ProductionHealth.Unhealthy,
    };

    private List<string> FindConfigurationProblems()
    {
        var problems = new List<string>();
        ProductionOptions options;
        try
        {
            options = Options;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            problems.Add(ex.Message);
            return problems;
        }

        if (options.EnableConnectionPooling)
        {
            Probe<QdrantPoolOptions>(problems, "Qdrant connection pooling", failure => failure.Contains("Nodes is empty", StringComparison.Ordinal)
                ? "Connection pooling is enabled but QDRANT_URL is not set: set QDRANT_URL (and QDRANT_ADDITIONAL_NODES for more nodes), or set production:enableConnectionPooling to false."
                : null);
            if (!IsRegistered<QdrantPooledClient>())
            {
                problems.Add("Connection pooling is enabled but no QdrantPooledClient is registered: call AddCortexProduction or AddCortexQdrantPooling.");
            }
        }

        if (options.EnableOptimizedZaiClient)
        {
            Probe<ZaiClientOptions>(problems, "the Z.AI client", failure =>
                failure.Contains("ApiKey is empty", StringComparison.Ordinal) ? "Z.AI is enabled but ZAI_API_KEY is not set: set ZAI_API_KEY, or set production:enableOptimizedZaiClient to false."
                : failure.Contains("RedisConnectionString is empty", StringComparison.Ordinal) ? "Z.AI's Redis cache is enabled (zai:cache:enableRedisCache) but no Redis connection is configured: set ConnectionStrings:redis, or set zai:cache:enableRedisCache to false."
                : null);
            if (!IsRegistered<ZaiOptimizedClient>())
            {
                problems.Add("Z.AI is enabled but no ZaiOptimizedClient is registered: call AddCortexProduction or AddCortexZai.");
            }
        }

        if (options.EnablePerformanceMonitoring)
        {
            Probe<SloOptions>(problems, "SLO monitoring", _ => null);
            if (!IsRegistered<SloMonitor>())
            {
                problems.Add("Performance monitoring is enabled but no SloMonitor is registered: call AddCortexProduction or AddCortexSlo.");
            }
        }

        if (options.EnableLoadTesting && !IsRegistered<LoadTestFrameworkFactory>())
        {
            problems.Add("Load testing is enabled but no LoadTestFrameworkFactory is registered: call AddCortexProduction or AddCortexLoadTesting.");
        }

        return problems;
    }

    // Asks the container without resolving: resolving would construct the component and throw on the same invalid options.
    private bool IsRegistered<T>() => _services.GetService<IServiceProviderIsService>()?.IsService(typeof(T)) ?? _services.GetService<T>() is not null;

    private void Probe<TOptions>(List<string> problems, string component, Func<string, string?> explain)
        where TOptions : class
    {
        try
        {
            _ = _services.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                problems.Add(explain(failure) ?? $"The configuration of {component} is invalid: {failure}");
            }
        }
        catch (InvalidOperationException ex)
        {
            problems.Add($"The configuration of {component} is invalid: {ex.Message}");
        }
    }
}
