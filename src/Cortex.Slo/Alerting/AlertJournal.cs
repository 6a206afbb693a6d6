using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// The alert manager's append-only journal: one JSON record a line in <c>alerts.journal</c>. A batch of records is
/// written and flushed to disk (fsync) before the change it records takes effect outside the process (a notification
/// is queued only once its record is on disk). A crash mid-write leaves at most a torn last line, which the next start
/// skips. Past <see cref="AlertJournalOptions.MaxBytes"/> the manager rewrites the journal as its current state
/// (<see cref="Compact"/>): beside the old file, flushed, then moved over it, so a crash leaves one whole journal.
/// A write that fails (disk full) is logged and alerting carries on in memory.
/// </summary>
internal sealed partial class AlertJournal : IDisposable
{
    public const string FileName = "alerts.journal";

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private FileStream _file;
    private bool _failing;

    private AlertJournal(string path, long maxBytes, ILogger logger, FileStream file)
    {
        _path = path;
        _maxBytes = maxBytes;
        _logger = logger;
        _file = file;
    }

    /// <summary>Gets the journal's size in bytes.</summary>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _file.Length;
            }
        }
    }

    /// <summary>Gets whether the journal passed its size bound and should be compacted.</summary>
    public bool IsFull => Length > _maxBytes;

    /// <summary>
    /// Opens (or creates) the journal in <paramref name="directory"/> and reads back its records, oldest first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The directory cannot be created or written; the message names the option.</exception>
    public static AlertJournal Open(string directory, long maxBytes, ILogger logger, out List<JournalRecord> records)
    {
        string path;
        FileStream file;
        try
        {
            var full = Path.GetFullPath(directory);
            System.IO.Directory.CreateDirectory(full);
            path = Path.Combine(full, FileName);
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Slo:Alerting:Journal:Directory '{directory}' is not a writable directory ({ex.GetType().Name}: {ex.Message}). Give the process write access to it, pick another directory, or leave the option out to keep alert state in memory.",
                ex);
        }

        records = Read(file, path, logger);
        file.Seek(0, SeekOrigin.End);
        if (file.Length > 0)
        {
            // A torn last line must not swallow the next record: start it on a line of its own.
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
            {
                file.WriteByte((byte)'\n');
            }
        }

        return new AlertJournal(path, maxBytes, logger, file);
    }

    /// <summary>Appends a batch and flushes it to disk.</summary>
    public void Append(IReadOnlyList<JournalRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var bytes = Encode(batch);
        lock (_gate)
        {
            try
            {
                _file.Write(bytes);
                _file.Flush(flushToDisk: true);
                _failing = false;
            }
            catch (IOException ex)
            {
                if (!_failing)
                {
                    _failing = true;
                    WriteFailed(_logger, _path, ex);
                }
            }
        }
    }

    /// <summary>Replaces the journal with <paramref name="state"/>, the records that rebuild the current state.</summary>
    public void Compact(IReadOnlyList<JournalRecord> state)
    {
        var bytes = Encode(state);
        var temporary = _path + ".compacting";
        lock (_gate)
        {
            try
            {
                using (var next = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    next.Write(bytes);
                    next.Flush(flushToDisk: true);
                }

                _file.Dispose();
                File.Move(temporary, _path, overwrite: true);
                _file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
                _file.Seek(0, SeekOrigin.End);
                if (bytes.Length > _maxBytes / 2)
                {
                    LargeState(_logger, bytes.Length, _maxBytes);
                }
            }
            catch (IOException ex)
            {
                WriteFailed(_logger, _path, ex);
                if (!_file.CanWrite)
                {
                    _file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private static byte[] Encode(IReadOnlyList<JournalRecord> records)
    {
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            JsonSerializer.Serialize(buffer, record, JournalJsonContext.Default.JournalRecord);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    private static List<JournalRecord> Read(FileStream file, string path, ILogger logger)
    {
        List<JournalRecord> records = [];
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalRecord) ?? throw new JsonException("null record"));
            }
            catch (JsonException ex)
            {
                // A crash mid-write tears the last line; anything else torn is reported and skipped.
                SkippedLine(logger, path, number, ex.Message);
            }
        }

        return records;
    }

    [LoggerMessage(521, LogLevel.Error, "Could not write the alert journal {Path}; alert state changes are kept in memory only until a write succeeds")]
    private static partial void WriteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(522, LogLevel.Warning, "Skipped line {Line} of the alert journal {Path}, which cannot be read ({Reason}); a crash mid-write leaves such a last line")]
    private static partial void SkippedLine(ILogger logger, string path, int line, string reason);

    [LoggerMessage(523, LogLevel.Warning, "The alert state takes {Bytes} bytes, more than half of Slo:Alerting:Journal:MaxBytes ({MaxBytes}); the journal will be compacted often: raise MaxBytes")]
    private static partial void LargeState(ILogger logger, long bytes, long maxBytes);
}
