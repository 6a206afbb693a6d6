namespace Cortex.LoadTesting.Results;

/// <summary>What was measured for one kind of operation: all requests of a run, one step, or one scenario's iterations.</summary>
public sealed record OperationSummary
{
    /// <summary>Gets the name: the step's or scenario's name, or <c>requests</c> for all requests of the run.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the step type, for a step; otherwise <see langword="null"/>.</summary>
    public string? StepType { get; init; }

    /// <summary>Gets the tags of a step (its own, its scenario's and <c>scenario</c>), which tag thresholds select by; otherwise <see langword="null"/>.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the number of executions, failed ones included.</summary>
    public long Count { get; init; }

    /// <summary>Gets the number of failed executions.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the executions per second over the run.</summary>
    public double Throughput { get; init; }

    /// <summary>Gets the fraction of executions that failed, from 0 to 1.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;

    /// <summary>Gets the bytes the executions sent, as their steps report them (the <c>http</c> step counts request bodies).</summary>
    public long BytesSent { get; init; }

    /// <summary>Gets the bytes the executions received, as their steps report them (the <c>http</c> step counts response bodies).</summary>
    public long BytesReceived { get; init; }

    /// <summary>Gets the service time: from the moment an execution actually started to its end.</summary>
    public LatencyStats ServiceTime { get; init; } = LatencyStats.Empty;

    /// <summary>
    /// Gets the latency corrected for coordinated omission: measured from the intended start in open models, and with
    /// the pacing interval's synthetic samples in paced closed models. It equals the service time when the generator
    /// kept its schedule. Thresholds and SLO targets judge this one: it is what users would have seen.
    /// </summary>
    public LatencyStats Latency { get; init; } = LatencyStats.Empty;
}
