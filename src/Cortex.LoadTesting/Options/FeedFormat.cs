namespace Cortex.LoadTesting;

/// <summary>The file format of a <see cref="FeedOptions"/>.</summary>
public enum FeedFormat
{
    /// <summary>Comma-separated values (RFC 4180 quoting); the first row names the columns.</summary>
    Csv,

    /// <summary>One JSON object per line; the first object's properties name the columns.</summary>
    JsonLines,
}
