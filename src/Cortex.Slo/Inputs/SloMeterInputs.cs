using Cortex.Slo.Storage;

namespace Cortex.Slo.Inputs;

/// <summary>STUB.</summary>
internal sealed class SloMeterInputs(IReadOnlyList<string> hostInstruments, SliSeries requests, SliSeries qdrant, SliSeries zai, CounterSeries counters) : IDisposable
{
    public double? PoolUtilization => throw new NotImplementedException();

    public void Start() => _ = (hostInstruments, requests, qdrant, zai, counters);

    public void SampleObservables() => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
