using BenchmarkDotNet.Attributes;
using Cortex.LoadTesting.Execution;
using Cortex.LoadTesting.Internal;
using HdrHistogram;

namespace Cortex.Benchmarks.LoadTesting;

/// <summary>
/// What recording one step sample costs the engine (service time and corrected latency into HdrHistogram recorders),
/// against the bare minimum a user could write: one value into one HdrHistogram recorder.
/// Two writers run at once, as on this 2-core machine under load.
/// </summary>
public class RecordingBenchmarks
{
    private const int Samples = 100_000;
    private readonly OperationMetrics _metrics = new("step", "noop");
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(HistogramCodec.Lowest).WithValuesUpTo(HistogramCodec.Highest).WithPrecisionOf(HistogramCodec.Digits)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples * 2)]
    public void RawRecorder_OneValue_TwoWriters() => Parallel.Invoke(RawWriter, RawWriter);

    [Benchmark(OperationsPerInvoke = Samples * 2)]
    public void Engine_StepSample_TwoWriters() => Parallel.Invoke(EngineWriter, EngineWriter);

    [Benchmark(OperationsPerInvoke = Samples)]
    public void Engine_StepSample_OneWriter() => EngineWriter();

    private void RawWriter()
    {
        for (var i = 0; i < Samples; i++)
        {
            _recorder.RecordValue(1_000 + (i & 1023));
        }
    }

    private void EngineWriter()
    {
        for (var i = 0; i < Samples; i++)
        {
            var micros = 1_000 + (i & 1023);
            _metrics.Record(micros, micros, 0);
        }
    }
}
