namespace Cortex.LoadTesting;

/// <summary>How load is generated; named after k6's executors.</summary>
public enum LoadModel
{
    /// <summary>Closed model (<c>constant-vus</c>): a fixed number of virtual users, each running iterations back to back (after think time or pacing). Ramp-up and cool-down ramp the users linearly.</summary>
    ConstantVus,

    /// <summary>Closed model (<c>ramping-vus</c>): the number of virtual users follows <see cref="LoadShapeOptions.Stages"/>.</summary>
    RampingVus,

    /// <summary>Open model (<c>constant-arrival-rate</c>): iterations start at a fixed rate whether or not earlier ones finished; ramp-up and cool-down ramp the rate linearly.</summary>
    ConstantArrivalRate,

    /// <summary>Open model (<c>ramping-arrival-rate</c>): the iteration start rate follows <see cref="LoadShapeOptions.Stages"/>.</summary>
    RampingArrivalRate,
}
