namespace Cortex.Slo;

/// <summary>
/// Where the alert manager keeps its state so that a restart, or a crash, loses nothing: the notifications waiting in
/// each channel's outbox (with their idempotency keys), the firing and resolved alerts, acknowledgements, the escalation
/// levels reached and what each channel was told. An append-only journal, flushed to disk after every batch of changes
/// and compacted when it passes <see cref="MaxBytes"/>.
/// </summary>
public sealed class AlertJournalOptions
{
    /// <summary>
    /// Gets or sets the directory of the journal (file <c>alerts.journal</c>); it is created if missing and must be
    /// writable, else the monitor does not start. <see langword="null"/> keeps the state in memory only.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Directory { get; set; }

    /// <summary>Gets or sets the size past which the journal is compacted to the current state (64 KiB to 1 GiB).</summary>
    /// <value>The default is 16 MiB.</value>
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;
}
