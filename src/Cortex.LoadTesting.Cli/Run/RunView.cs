namespace Cortex.LoadTesting.Cli.Run;

/// <summary>How <c>run</c> shows a test while it runs.</summary>
internal enum RunView
{
    /// <summary>Nothing (<c>--quiet</c>).</summary>
    Silent,

    /// <summary>One plain line per reporting interval: for pipes, files, CI logs and <c>--no-live</c>.</summary>
    Lines,

    /// <summary>A panel redrawn in place, on an interactive terminal.</summary>
    Live,
}
