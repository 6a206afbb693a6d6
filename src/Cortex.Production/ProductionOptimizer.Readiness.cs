using System.Globalization;
using System.Net;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;
using Cortex.Production.Readiness;
using Cortex.Qdrant.Pooling;
using Cortex.Slo.Status;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Production;

public sealed partial class ProductionOptimizer
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] KnownVariables =
    [
        "QDRANT_URL", "QDRANT_API_KEY", "QDRANT_ADDITIONAL_NODES", "ZAI_API_KEY", "ZAI_BASE_URL", "ZAI_MODEL", "APP_VERSION", "AWS_REGION",
        "ALERT_WEBHOOK_URL", "ALERT_EMAIL_RECIPIENTS", "ENABLE_PERFORMANCE_MONITORING", "METRICS_RETENTION_DAYS",
        "SLO_RESPONSE_TIME_P95", "SLO_RESPONSE_TIME_P99", "SLO_ERROR_RATE", "SLO_AVAILABILITY",
    ];

    /// <summary>
    /// Runs the pre-deployment checklist against the live components: smoke test, SLO compliance, load-test results,
    /// configuration, SLO targets, alerting (sends one test notification), Qdrant nodes (probes each), Z.AI (one
    /// 1-token completion), resource headroom and the recorded version. Checks of disabled components are left out.
    /// </summary>
    /// <param name="cancellationToken">Cancels the probes.</param>
    /// <returns>The report.</returns>
    public async Task<ReadinessReport> GenerateReadinessReportAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var options = Options;
        var checks = new List<ReadinessCheck>();
        if (options.EnableLoadTesting)
        {
            checks.Add(SmokeTestCheck());
            checks.Add(LoadTestResultsCheck());
        }

        if (options.EnablePerformanceMonitoring && Monitor is { } monitor)
        {
            checks.Add(SloComplianceCheck(monitor, options.Environment.Name));
            checks.Add(await AlertingCheckAsync(monitor, cancellationToken).ConfigureAwait(false));
            checks.Add(ResourceCheck(monitor.GetSloStatus()));
        }

        checks.Add(ConfigurationCheck());
        checks.Add(SloTargetsCheck(options.SloTargets));
        if (options.EnableConnectionPooling && Pool is { } pool)
        {
            checks.Add(await QdrantCheckAsync(pool, cancellationToken).ConfigureAwait(false));
        }

        if (options.EnableOptimizedZaiClient && Zai is { } zai)
        {
            checks.Add(await ZaiCheckAsync(zai, cancellationToken).ConfigureAwait(false));
        }

        checks.Add(VersionCheck(options.Environment));
        var score = ReadinessReport.ComputeScore(checks);
        return new ReadinessReport
        {
            GeneratedAt = _time.GetUtcNow(),
            Checks = checks,
            Score = score,
            Ready = checks.All(c => c.Outcome != ReadinessOutcome.Fail) && score >= ReadinessReport.ReadyScore,
        };
    }

    private static string Ms(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Describe(LoadTestResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"'{r.TestName}': {r.Requests.Count} requests, {r.Requests.Errors} errors, p50 {Ms(r.Requests.Latency.P50)}, p95 {Ms(r.Requests.Latency.P95)}, p99 {Ms(r.Requests.Latency.P99)}, thresholds {r.Thresholds.Count(t => t.Passed)}/{r.Thresholds.Count} held");

    private ReadinessCheck SmokeTestCheck()
    {
        const string name = "smoke-test";
        if (!_results.TryGetValue("smoke", out var smoke))
        {
            return new(name, "load-testing", 15, ReadinessOutcome.Warn, "no smoke test run yet", "Run RunProductionLoadTestAsync(\"smoke\") before deploying.");
        }

        return smoke.Passed && smoke.Status == LoadTestStatus.Completed
            ? new(name, "load-testing", 15, ReadinessOutcome.Pass, Describe(smoke), "")
            : new(name, "load-testing", 15, ReadinessOutcome.Fail, Describe(smoke) + $", status {smoke.Status}", "Fix the failing thresholds shown in the smoke test's report, then run it again.");
    }

    private ReadinessCheck LoadTestResultsCheck()
    {
        const string name = "load-test-results";
        var runs = _results.Where(r => !r.Key.Equals("smoke", StringComparison.OrdinalIgnoreCase)).Select(r => r.Value).ToList();
        if (runs.Count == 0)
        {
            return new(name, "load-testing", 10, ReadinessOutcome.Warn, "no load, stress or endurance test run yet", "Run RunProductionLoadTestAsync(\"load\") against a staging copy of this deployment.");
        }

        var failed = runs.Where(r => !r.Passed).ToList();
        var evidence = string.Join("; ", runs.Select(Describe));
        return failed.Count == 0
            ? new(name, "load-testing", 10, ReadinessOutcome.Pass, evidence, "")
            : new(name, "load-testing", 10, ReadinessOutcome.Fail, evidence, $"Tests outside their targets: {string.Join(", ", failed.Select(f => f.TestName))}; apply the tuning advice or raise capacity, then run them again.");
    }

    private static ReadinessCheck SloComplianceCheck(SloMonitor monitor, string environment)
    {
        const string name = "slo-compliance";
        var status = monitor.GetSloStatus();
        var measured = status.Objectives.Where(o => o.Observed is not null).ToList();
        if (measured.Count == 0)
        {
            return new(name, "monitoring", 10, ReadinessOutcome.Warn, $"no traffic measured yet in '{environment}'", "Send representative traffic (or run a load test) so the SLOs can be judged.");
        }

        var broken = measured.Where(o => !o.Compliant).ToList();
        var evidence = string.Create(CultureInfo.InvariantCulture, $"{measured.Count - broken.Count}/{measured.Count} objectives compliant in '{environment}', health {status.Health}")
            + (broken.Count == 0 ? "" : "; not compliant: " + string.Join(", ", broken.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Definition.Name} (observed {o.Observed:0.####}, target {o.Definition.Target:0.####})"))));
        return status.Health switch
        {
            SloHealth.Healthy when broken.Count == 0 => new(name, "monitoring", 10, ReadinessOutcome.Pass, evidence, ""),
            SloHealth.Critical => new(name, "monitoring", 10, ReadinessOutcome.Fail, evidence, "Resolve the SLO violations before deploying; see SloMonitor.GenerateReportAsync for the incidents."),
            _ => new(name, "monitoring", 10, ReadinessOutcome.Warn, evidence, "Review the objectives that are not compliant."),
        };
    }

    private static async Task<ReadinessCheck> AlertingCheckAsync(SloMonitor monitor, CancellationToken cancellationToken)
    {
        const string name = "alerting";
        var alerting = monitor.Options.Alerting;
        var channels = new List<string>();
        if (alerting.Webhook.Url is not null)
        {
            channels.Add("webhook");
        }

        if (alerting.Slack.WebhookUrl is not null)
        {
            channels.Add("slack");
        }

        if (alerting.Email.Recipients.Count > 0)
        {
            channels.Add("email");
        }

        if (channels.Count == 0)
        {
            return new(name, "monitoring", 10, ReadinessOutcome.Warn, "no alert channel configured", "Set ALERT_WEBHOOK_URL or ALERT_EMAIL_RECIPIENTS so someone hears about SLO violations.");
        }

        bool delivered;
        string? error = null;
        try
        {
            delivered = await monitor.SendTestNotificationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            delivered = false;
            error = ex.GetType().Name;
        }

        var evidence = $"channels: {string.Join(", ", channels)}; test notification {(delivered ? "delivered" : "not delivered")}{(error is null ? "" : $" ({error})")}";
        return delivered
            ? new(name, "monitoring", 10, ReadinessOutcome.Pass, evidence, "")
            : new(name, "monitoring", 10, ReadinessOutcome.Fail, evidence, "Check the alert channel settings (ALERT_WEBHOOK_URL, the SMTP host) and that this host can reach them.");
    }

    private static ReadinessCheck ResourceCheck(SloStatus status)
    {
        const string name = "resource-headroom";
        if (status.Resources is not { } r)
        {
            return new(name, "monitoring", 5, ReadinessOutcome.Warn, "no resource sample yet", "Let the SLO monitor run one evaluation interval.");
        }

        var peak = Math.Max(r.Cpu, r.Memory);
        var evidence = $"CPU {Percent(r.Cpu)}, memory {Percent(r.Memory)} of the available ({r.WorkingSetBytes / (1024 * 1024)} MiB working set)";
        return peak switch
        {
            >= 0.9 => new(name, "monitoring", 5, ReadinessOutcome.Fail, evidence, "Give the service more CPU or memory before deploying."),
            >= 0.75 => new(name, "monitoring", 5, ReadinessOutcome.Warn, evidence, "Headroom is under 25%; plan more CPU or memory."),
            _ => new(name, "monitoring", 5, ReadinessOutcome.Pass, evidence, ""),
        };
    }

    private ReadinessCheck ConfigurationCheck()
    {
        const string name = "configuration";
        var problems = FindConfigurationProblems();
        var configuration = _services.GetService(typeof(Microsoft.Extensions.Configuration.IConfiguration)) as Microsoft.Extensions.Configuration.IConfiguration;
        var set = KnownVariables.Where(v => configuration?[v] is { Length: > 0 }).ToList();
        var evidence = $"environment variables set: {(set.Count == 0 ? "none" : string.Join(", ", set))}";
        return problems.Count == 0
            ? new(name, "core", 15, ReadinessOutcome.Pass, evidence, "")
            : new(name, "core", 15, ReadinessOutcome.Fail, evidence + "; problems: " + string.Join(" ", problems), "Fix the configuration problems listed.");
    }

    private ReadinessCheck SloTargetsCheck(ProductionSloTargets targets)
    {
        const string name = "slo-targets";
        double? p50 = null;
        string source = "";
        if (_results.Values.OrderByDescending(r => r.StartedAt).FirstOrDefault() is { Requests.Count: > 0 } last)
        {
            p50 = last.Requests.Latency.P50;
            source = $"load test '{last.TestName}'";
        }
        else if (Monitor?.GetSloStatus().LastHour is { Count: > 0 } hour)
        {
            p50 = hour.P50.TotalMilliseconds;
            source = "the last hour";
        }

        var declared = $"targets p95 {Ms(targets.ResponseTimeP95)}, p99 {Ms(targets.ResponseTimeP99)}, errors {targets.ErrorRate.ToString(CultureInfo.InvariantCulture)}%, availability {targets.Availability.ToString(CultureInfo.InvariantCulture)}%";
        if (p50 is not { } median)
        {
            return new(name, "core", 5, ReadinessOutcome.Warn, declared + "; no latency measured yet", "Run a smoke test so the targets can be compared with real latency.");
        }

        var evidence = $"{declared}; measured p50 {Ms(median)} from {source}";
        return targets.ResponseTimeP95 > median
            ? new(name, "core", 5, ReadinessOutcome.Pass, evidence, "")
            : new(name, "core", 5, ReadinessOutcome.Fail, evidence, "The p95 target is at or below the measured median, so it cannot be met: raise performance:slo:responseTimeP95 or make the service faster.");
    }

    private static async Task<ReadinessCheck> QdrantCheckAsync(QdrantPooledClient pool, CancellationToken cancellationToken)
    {
        const string name = "qdrant-nodes";
        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in pool.NodeIds)
        {
            try
            {
                await pool.ExecuteAsync(
                    (client, ct) => client.HealthAsync(ct),
                    QdrantRequestOptions.Read with { NodeId = id, Timeout = ProbeTimeout },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                unreachable.Add(id);
            }
        }

        var stats = pool.GetStatistics();
        var failing = stats.Nodes
            .Where(n => unreachable.Contains(n.NodeId) || n.Circuit != QdrantCircuitState.Closed || n.Health == QdrantNodeHealth.Down)
            .Select(n => $"{n.NodeId} ({n.Url}: {(unreachable.Contains(n.NodeId) ? "unreachable, " : "")}health {n.Health}, circuit {n.Circuit})")
            .ToList();
        var evidence = string.Create(CultureInfo.InvariantCulture, $"{stats.Nodes.Count - failing.Count}/{stats.Nodes.Count} nodes healthy with closed circuits");
        return failing.Count == 0 && stats.Nodes.Count > 0
            ? new(name, "qdrant", 15, ReadinessOutcome.Pass, evidence, "")
            : new(name, "qdrant", 15, ReadinessOutcome.Fail, evidence + (failing.Count > 0 ? "; failing: " + string.Join(", ", failing) : ""), "Restore the failing Qdrant nodes (or remove them from QDRANT_URL / QDRANT_ADDITIONAL_NODES) before deploying.");
    }

    private async Task<ReadinessCheck> ZaiCheckAsync(ZaiOptimizedClient zai, CancellationToken cancellationToken)
    {
        const string name = "zai-reachable";
        var request = new ZaiCompletionRequest
        {
            Messages = [new ZaiChatMessage { Role = "user", Content = "ping" }],
            MaxTokens = 1,
            CacheMode = ZaiCacheMode.NoCache,
        };
        using var timeout = new CancellationTokenSource(ProbeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            var completion = await zai.GenerateCompletionAsync(request, linked.Token).ConfigureAwait(false);
            var evidence = $"1-token completion from model {completion.Model} in {Ms(_time.GetElapsedTime(started).TotalMilliseconds)}";
            return new(name, "zai", 10, ReadinessOutcome.Pass, evidence, "");
        }
        catch (ZaiApiException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new(name, "zai", 10, ReadinessOutcome.Fail, $"Z.AI refused the key (HTTP {(int)ex.StatusCode}, code {ex.BusinessCode ?? "none"})", "Check ZAI_API_KEY and the account's access to the model.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var code = ex is ZaiApiException api ? $" (HTTP {(int)api.StatusCode}, code {api.BusinessCode ?? "none"})" : "";
            return new(name, "zai", 10, ReadinessOutcome.Fail, $"Z.AI did not answer a 1-token completion: {ex.GetType().Name}{code} after {Ms(_time.GetElapsedTime(started).TotalMilliseconds)}", "Check ZAI_BASE_URL, the network path to Z.AI and its status page.");
        }
    }

    private static ReadinessCheck VersionCheck(DeploymentEnvironment environment) =>
        string.IsNullOrWhiteSpace(environment.Version)
            ? new("version-recorded", "core", 5, ReadinessOutcome.Warn, "APP_VERSION is not set", "Set APP_VERSION so this deployment can be identified and rolled back.")
            : new("version-recorded", "core", 5, ReadinessOutcome.Pass, $"version {environment.Version} in '{environment.Name}'{(environment.Region is null ? "" : $" ({environment.Region})")}", "");
}
