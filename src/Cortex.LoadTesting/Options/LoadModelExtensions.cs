using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting;

/// <summary>What a <see cref="LoadModel"/> is called and how it generates load, for tools that show or check a configuration.</summary>
public static class LoadModelExtensions
{
    /// <summary>Gets the k6 executor name the JSON configuration and the reports use: <c>constant-vus</c>, <c>ramping-vus</c>, <c>constant-arrival-rate</c> or <c>ramping-arrival-rate</c>.</summary>
    /// <param name="model">The load model.</param>
    /// <returns>The executor name.</returns>
    public static string ToExecutorName(this LoadModel model) => LoadModels.ToName(model);

    /// <summary>Gets a value indicating whether the model is open: iterations start at a rate (<see cref="LoadTestOptions.Rate"/>) whether or not earlier ones finished.</summary>
    /// <param name="model">The load model.</param>
    /// <returns><see langword="true"/> for the arrival-rate models; <see langword="false"/> for the virtual-user ones.</returns>
    public static bool IsOpen(this LoadModel model) => LoadModels.IsOpen(model);

    /// <summary>Gets a value indicating whether the load follows <see cref="LoadTestOptions.Stages"/>, whose durations make the run's length.</summary>
    /// <param name="model">The load model.</param>
    /// <returns><see langword="true"/> for the ramping models.</returns>
    public static bool IsRamping(this LoadModel model) => LoadModels.IsRamping(model);
}
