namespace Cortex.LoadTesting.Endurance;

/// <summary>
/// Watches the system under test during a run: samples its memory and CPU from its Prometheus <c>/metrics</c>, from its
/// process on this machine, or both; judges after a warm-up whether it leaks memory; and can record an EventPipe trace of
/// the process. Set on <see cref="LoadTestOptions.Monitor"/> (JSON <c>monitor</c>).
/// </summary>
public sealed class TargetMonitorOptions
{
    /// <summary>Gets or sets the target's Prometheus scrape endpoint, for example <c>http://localhost:8080/metrics</c> (JSON <c>metrics</c>).</summary>
    /// <value>The default is <see langword="null"/>: not scraped.</value>
    public Uri? MetricsUrl { get; set; }

    /// <summary>Gets or sets the id of the target's process on this machine (JSON <c>pid</c>): its working set and CPU time are read directly, and a trace can be recorded.</summary>
    /// <value>The default is <see langword="null"/>: no process.</value>
    public int? ProcessId { get; set; }

    /// <summary>Gets or sets how often the target is sampled (JSON <c>sampleInterval</c>).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long after the start samples are left out of the leak verdict, while caches fill and code is compiled (JSON <c>warmUp</c>).</summary>
    /// <value>The default is <see langword="null"/>: the first 20 % of the planned duration.</value>
    public TimeSpan? WarmUp { get; set; }

    /// <summary>Gets or sets the memory growth, in bytes per minute, above which a steady rise counts as a leak (JSON <c>maxGrowthMBPerMinute</c>, in MiB).</summary>
    /// <value>The default is 1 MiB per minute (60 MiB per hour).</value>
    public double MaxGrowthPerMinute { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the least R² of the straight-line fit for growth above <see cref="MaxGrowthPerMinute"/> to count as a leak rather than noise (JSON <c>minRSquared</c>).</summary>
    /// <value>The default is 0.6.</value>
    public double MinRSquared { get; set; } = 0.6;

    /// <summary>Gets or sets a value indicating whether a leak verdict fails the run, as a failed threshold does (JSON <c>failOnLeak</c>).</summary>
    /// <value>The default is <see langword="false"/>: the verdict is reported only.</value>
    public bool FailOnLeak { get; set; }

    /// <summary>Gets or sets the file an EventPipe trace (<c>.nettrace</c>: CPU samples, GC and runtime events, runtime counters) of <see cref="ProcessId"/> is written to during the run (JSON <c>trace</c>).</summary>
    /// <value>The default is <see langword="null"/>: no trace.</value>
    public string? TraceFile { get; set; }
}
