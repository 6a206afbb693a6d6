using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Cortex.Benchmarks.LoadTesting;
using Cortex.Benchmarks.QdrantPooling;

// Accuracy probes print their figures directly: -- --probe scheduling.
if (args is ["--probe", "scheduling"])
{
    await SchedulingProbe.RunAsync();
    return;
}

// The three-node pooling comparison, interleaved in one process: -- --probe qdrant-three-node [rounds] [latency-ms].
if (args is ["--probe", "qdrant-three-node", ..])
{
    await ThreeNodeProbe.RunAsync(
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20,
        args.Length > 3 ? TimeSpan.FromMilliseconds(double.Parse(args[3], CultureInfo.InvariantCulture)) : null);
    return;
}

// One console for every package's benchmarks; pick with --filter, e.g. --filter '*Qdrant*' --job short.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
