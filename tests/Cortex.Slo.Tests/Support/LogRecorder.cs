using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cortex.Slo.Tests.Support;

/// <summary>
/// Records every log line of every category, exceptions included, so tests can look for what must never be logged: a
/// <see cref="FakeLoggerProvider"/> with the lines as the alerting tests read them.
/// </summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly FakeLoggerProvider _provider = new();

    /// <summary>Gets each entry's level, category and text (with the exception, if any).</summary>
    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Entries =>
        [.. _provider.Collector.GetSnapshot().Select(r => (r.Level, r.Category ?? string.Empty, r.Exception is null ? r.Message : $"{r.Message} {r.Exception}"))];

    /// <summary>Gets everything logged, one entry a line.</summary>
    public string All => string.Join('\n', Entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void Dispose() => _provider.Dispose();
}
