using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Storage;

/// <summary>
/// Saves the series and counters to a JSON file and restores them, so a restart loses no history. The file is written
/// beside the old one and moved over it, so a crash mid-write leaves the previous snapshot whole.
/// </summary>
internal static partial class SloSnapshot
{
    public static async Task SaveAsync(string path, IReadOnlyDictionary<string, SliSeries> series, CounterSeries counters, CancellationToken cancellationToken)
    {
        var document = new SloSnapshotDocument(
            SloSnapshotDocument.CurrentVersion,
            [.. series.Values.Select(s => s.ToSnapshot())],
            counters.ToSnapshot());
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await JsonSerializer.SerializeAsync(stream, document, SloSnapshotJsonContext.Default.SloSnapshotDocument, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Restores a snapshot into the given, freshly constructed series (matched by name; others in the file are ignored)
    /// and counters. Returns false when there is no file, and logs a warning and returns false when it cannot be read,
    /// in which case nothing was restored.
    /// </summary>
    public static async Task<bool> TryLoadAsync(string path, IReadOnlyDictionary<string, SliSeries> series, CounterSeries counters, ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        List<(SliSeries Series, DecodedSeries Decoded)> restores = [];
        SloSnapshotDocument document;
        try
        {
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
            {
                document = await JsonSerializer.DeserializeAsync(stream, SloSnapshotJsonContext.Default.SloSnapshotDocument, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException("The file holds null.");
            }

            if (document.Version != SloSnapshotDocument.CurrentVersion)
            {
                throw new InvalidDataException($"Version {document.Version} is not {SloSnapshotDocument.CurrentVersion}, the only one this version reads.");
            }

            // Everything is checked and decoded before anything is restored, so a bad file restores nothing.
            foreach (var snapshot in document.Series ?? throw new InvalidDataException("The file has no series."))
            {
                var decoded = SliSeries.Decode(snapshot ?? throw new InvalidDataException("A series is null."));
                if (series.TryGetValue(snapshot.Name, out var target))
                {
                    restores.Add((target, decoded));
                }
            }

            CounterSeries.Validate(document.Counters ?? throw new InvalidDataException("The file has no counters."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LoadFailed(logger, path, exception.Message, exception);
            return false;
        }

        foreach (var (target, decoded) in restores)
        {
            target.Restore(decoded);
        }

        counters.Restore(document.Counters);
        return true;
    }

    [LoggerMessage(101, LogLevel.Warning, "The SLO history snapshot {Path} could not be read ({Reason}); history starts empty and the file is replaced at the next save")]
    private static partial void LoadFailed(ILogger logger, string path, string reason, Exception exception);
}
