using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Storage;

/// <summary>STUB.</summary>
internal static class SloSnapshot
{
    public static Task SaveAsync(string path, IReadOnlyDictionary<string, SliSeries> series, CounterSeries counters, CancellationToken cancellationToken) => throw new NotImplementedException();

    public static Task<bool> TryLoadAsync(string path, IReadOnlyDictionary<string, SliSeries> series, CounterSeries counters, ILogger logger, CancellationToken cancellationToken) => throw new NotImplementedException();
}
