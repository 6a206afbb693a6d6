namespace Cortex.LoadTesting;

/// <summary>
/// A data feed: rows read once from a CSV file (with a header row) or a JSON lines file, which step parameters use as
/// <c>{feed.NAME.COLUMN}</c>. Every iteration takes one row of each feed; all steps of that iteration see the same row.
/// </summary>
public sealed class FeedOptions
{
    /// <summary>Gets or sets the feed's name, unique within the test; placeholders refer to it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the file; a relative path is relative to the load test file (or, for tests built in code, the current directory).</summary>
    public string Path { get; set; } = "";

    /// <summary>Gets or sets the file's format.</summary>
    /// <value>The default is <see langword="null"/>: from the extension (<c>.csv</c> is CSV, <c>.jsonl</c> and <c>.ndjson</c> are JSON lines).</value>
    public FeedFormat? Format { get; set; }

    /// <summary>Gets or sets who shares a cursor over the rows.</summary>
    /// <value>The default is <see cref="FeedMode.Shared"/>.</value>
    public FeedMode Mode { get; set; } = FeedMode.Shared;

    /// <summary>Gets or sets the order rows are taken in and what happens at the end of the rows.</summary>
    /// <value>The default is <see cref="FeedOrder.Circular"/>.</value>
    public FeedOrder Order { get; set; } = FeedOrder.Circular;
}
