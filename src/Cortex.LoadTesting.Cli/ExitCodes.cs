namespace Cortex.LoadTesting.Cli;

/// <summary>The process exit codes of <c>cortex-load</c>; 99 for failed thresholds is k6's, so CI scripts written for k6 keep working.</summary>
internal static class ExitCodes
{
    /// <summary>The run passed its thresholds, or the command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary><c>compare</c> found a regression at or above <c>--fail-on</c>; or an unexpected error (its message is on standard error).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an unknown option or value, an invalid configuration, a missing or unreadable file, results that do not belong together.</summary>
    public const int BadInput = 2;

    /// <summary>A threshold or SLO target failed, whether it aborted the run or was judged at its end.</summary>
    public const int ThresholdsFailed = 99;

    /// <summary>A command other than <c>run</c> was cancelled (Ctrl+C); 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
