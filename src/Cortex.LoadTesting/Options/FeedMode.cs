namespace Cortex.LoadTesting;

/// <summary>Who shares a cursor over a feed's rows.</summary>
public enum FeedMode
{
    /// <summary>One cursor for all virtual users (of this process): each iteration takes the next row, whoever runs it (k6's <c>SharedArray</c> read by iteration).</summary>
    Shared,

    /// <summary>
    /// Each virtual user has its own rows and cursor: of the test's most virtual users <c>U</c>, user <c>u</c> owns rows
    /// <c>u</c>, <c>u+U</c>, <c>u+2U</c>, … so no two users ever use the same row. The feed needs at least <c>U</c> rows.
    /// </summary>
    PerUser,
}
