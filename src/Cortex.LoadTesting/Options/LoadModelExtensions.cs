using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting;

/// <summary>What a <see cref="LoadModel"/> is called and how it generates load, for tools that show or check a configuration.</summary>
public static class LoadModelExtensions
{
    /// <summary>Gets the k6 executor name the JSON configuration and the reports use: <c>constant-vus</c>, <c>ramping-vus</c>, <c>constant-arrival-rate</c> or <c>ramping-arrival-rate</c>.</summary>
    /// <param name="model">The load model.</param>
    /// <returns>The executor name.</returns>
    public static string ToExecutorName(this LoadModel model) => LoadModels.ToName(model);

    /// <summary>Gets a value indicating whether the model is open: iterations start at a rate (<see cref="LoadShapeOptions.Rate"/>) whether or not earlier ones finished.</summary>
    /// <param name="model">The load model.</param>
    /// <returns><see langword="true"/> for the arrival-rate models; <see langword="false"/> for the virtual-user ones.</returns>
    public static bool IsOpen(this LoadModel model) => LoadModels.IsOpen(model);

    /// <summary>Gets a value indicating whether the load follows <see cref="LoadShapeOptions.Stages"/>, whose durations make the run's length.</summary>
    /// <param name="model">The load model.</param>
    /// <returns><see langword="true"/> for the ramping models.</returns>
    public static bool IsRamping(this LoadModel model) => LoadModels.IsRamping(model);

    /// <summary>
    /// Gets the executors of a finished run: the k6 name (<c>constant-vus</c>) or, when scenarios had their own executors,
    /// each with its scenarios (<c>constant-vus (browse) + constant-arrival-rate (api)</c>).
    /// </summary>
    /// <param name="result">The run's result.</param>
    /// <returns>The executor names.</returns>
    public static string ToExecutorNames(this LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Scenarios.All(s => s.Executor is null))
        {
            return LoadModels.ToName(result.Model);
        }

        var shared = result.Scenarios.Where(s => s.Executor is null).Select(s => s.Name).ToList();
        var parts = result.Scenarios.Where(s => s.Executor is not null).Select(s => $"{LoadModels.ToName(s.Executor!.Value)} ({s.Name})");
        return string.Join(" + ", shared.Count == 0 ? parts : parts.Prepend($"{LoadModels.ToName(result.Model)} ({string.Join(", ", shared)})"));
    }
}
