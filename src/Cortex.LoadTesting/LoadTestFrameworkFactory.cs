using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Configuration;
using Microsoft.Extensions.Logging;

namespace Cortex.LoadTesting;

/// <summary>Creates load tests over the step handlers registered in dependency injection (see <c>AddCortexLoadTesting</c>).</summary>
/// <param name="stepHandlers">Every registered step type.</param>
/// <param name="logger">The frameworks' logger.</param>
/// <param name="timeProvider">The clock.</param>
public sealed class LoadTestFrameworkFactory(IEnumerable<IStepHandler> stepHandlers, ILogger<LoadTestFramework> logger, TimeProvider timeProvider)
{
    /// <summary>Gets the registered step type names.</summary>
    public IReadOnlyList<string> StepTypes { get; } = [.. stepHandlers.Select(h => h.StepType).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Creates a framework for a test built in code or from a preset.</summary>
    /// <param name="options">The test.</param>
    /// <returns>The framework, validated.</returns>
    /// <exception cref="LoadTestConfigurationException">The test is invalid.</exception>
    public LoadTestFramework Create(LoadTestOptions options) => new(options, stepHandlers, logger, timeProvider);

    /// <summary>Creates a framework for a test read from a JSON file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The framework, validated.</returns>
    /// <exception cref="LoadTestConfigurationException">The file is unreadable or the test is invalid.</exception>
    public LoadTestFramework CreateFromFile(string path) => Create(LoadTestConfiguration.Load(path));
}
