using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Tests.Support;

/// <summary>Records every log line of every category, exceptions included, so tests can look for what must never be logged.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Entries { get; } = new();

    /// <summary>Gets everything logged, one entry a line.</summary>
    public string All => string.Join('\n', Entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((logLevel, category, exception is null ? formatter(state, exception) : $"{formatter(state, exception)} {exception}"));
    }
}
