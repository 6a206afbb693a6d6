using System.Text.Json;
using Cortex.Abstractions.Slo;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;

namespace Cortex.Production;

public sealed partial class ProductionOptimizer
{
    private static readonly string[] ScenarioStepTypes = ["memory_store", "memory_find", "zai_completion"];

    /// <summary>
    /// Runs a load-test preset (<c>smoke</c>, <c>load</c>, <c>stress</c> or <c>endurance</c>) with the memory service's scenarios
    /// (70% memory operations: <c>memory_store</c> then <c>memory_find</c>; 30% AI operations: <c>zai_completion</c>)
    /// against the host's registered step handlers, judged by <see cref="ProductionOptions.SloTargets"/>. The result is
    /// kept (the last one per preset) for <see cref="GenerateReadinessReportAsync"/>.
    /// </summary>
    /// <param name="preset">The preset name.</param>
    /// <param name="scale">Scales the preset's duration and users; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the test.</param>
    /// <returns>The result, named after the preset.</returns>
    /// <exception cref="ArgumentException"><paramref name="preset"/> is not a known preset.</exception>
    /// <exception cref="InvalidOperationException">Load testing is disabled, or the host lacks a step handler the scenarios need.</exception>
    public async Task<LoadTestResult> RunProductionLoadTestAsync(string preset, PresetScale? scale = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(preset);
        if (!LoadTestPresets.Names.Contains(preset, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Unknown load-test preset '{preset}': use one of {string.Join(", ", LoadTestPresets.Names)}.", nameof(preset));
        }

        var factory = LoadTests ?? throw new InvalidOperationException(
            "Load testing is disabled (production:enableLoadTesting is false) or not registered: enable it to run production load tests.");
        var missing = ScenarioStepTypes.Where(t => !factory.StepTypes.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The production scenarios need the step types {string.Join(", ", ScenarioStepTypes)}, but this host registers no handler for {string.Join(", ", missing)}. " +
                $"Registered step types: {string.Join(", ", factory.StepTypes)}. Register handlers with services.AddCortexStepHandler<T>().");
        }

        var targets = Options.SloTargets;
        var test = LoadTestPresets.Create(preset, CreateScenarios(), scale);
        test.SloTargets = new SloTargets
        {
            MaxResponseTimeP95 = TimeSpan.FromMilliseconds(targets.ResponseTimeP95),
            MaxResponseTimeP99 = TimeSpan.FromMilliseconds(targets.ResponseTimeP99),
            MaxErrorRate = targets.ErrorRate / 100,
        };
        var framework = factory.Create(test);
        framework.Progress += (_, p) => LoadTestProgress?.Invoke(this, p);
        var result = await framework.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        _results[preset.ToLowerInvariant()] = result;
        return result;
    }

    /// <summary>Raised every reporting interval of a load test run by <see cref="RunProductionLoadTestAsync"/>, for a live view.</summary>
    public event EventHandler<LoadTestProgress>? LoadTestProgress;

    private static List<ScenarioOptions> CreateScenarios()
    {
        var memory = new ScenarioOptions { Name = "memory-operations", Weight = 70 };
        memory.Steps.Add(new StepOptions { Name = "store-entity", Type = "memory_store", Parameters = Json("""{"kind":"entity","data":{"title":"Test Entity","content":"Load test content"}}""") });
        memory.Steps.Add(new StepOptions { Name = "find-items", Type = "memory_find", Parameters = Json("""{"query":"test","limit":20,"mode":"auto"}""") });
        var ai = new ScenarioOptions { Name = "ai-operations", Weight = 30 };
        ai.Steps.Add(new StepOptions { Name = "ai-completion", Type = "zai_completion", Parameters = Json("""{"prompt":"Generate a response for load testing","maxTokens":100,"temperature":0.7}""") });
        return [memory, ai];
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
