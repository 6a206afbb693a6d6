using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cortex.Zai.Optimized.Tests.Caching;

/// <summary>An <see cref="ILogger"/> that keeps each entry's level and text, to count the cache's warnings.</summary>
internal sealed class WarningCounter : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    public int Warnings => _entries.Count(e => e.Level == LogLevel.Warning);

    public IReadOnlyList<string> Texts => [.. _entries.Select(e => $"{e.Level}: {e.Text}")];

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    bool ILogger.IsEnabled(LogLevel logLevel) => true;

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}
