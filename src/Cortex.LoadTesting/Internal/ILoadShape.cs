namespace Cortex.LoadTesting.Internal;

/// <summary>The figures of one executor, whether the test's own (<see cref="LoadTestOptions"/>) or a scenario's (<see cref="ExecutorOptions"/>): one plan, one validation, one JSON reading for both.</summary>
internal interface ILoadShape
{
    LoadModel Model { get; set; }

    TimeSpan Duration { get; set; }

    int ConcurrentUsers { get; set; }

    double Rate { get; set; }

    TimeSpan RampUpPeriod { get; set; }

    TimeSpan CoolDownPeriod { get; set; }

    double StartTarget { get; set; }

    IList<LoadStage> Stages { get; }

    int PreAllocatedUsers { get; set; }

    int MaxUsers { get; set; }
}
