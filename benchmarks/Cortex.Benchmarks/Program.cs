using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Cortex.Benchmarks.LoadTesting;

// Accuracy probes print their figures directly: -- --probe scheduling.
if (args is ["--probe", "scheduling"])
{
    await SchedulingProbe.RunAsync();
    return;
}

// One console for every package's benchmarks; pick with --filter, e.g. --filter '*Qdrant*' --job short.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
