namespace Cortex.LoadTesting;

/// <summary>One stage of a ramping model: the load moves linearly from where the previous stage ended to <paramref name="Target"/> over <paramref name="Duration"/>.</summary>
/// <param name="Duration">How long the stage lasts.</param>
/// <param name="Target">The load at the end of the stage: virtual users for <see cref="LoadModel.RampingVus"/>, iterations per second for <see cref="LoadModel.RampingArrivalRate"/>.</param>
public readonly record struct LoadStage(TimeSpan Duration, double Target);
