namespace Cortex.LoadTesting.Results;

/// <summary>How a run ended.</summary>
public enum LoadTestStatus
{
    /// <summary>The run went its planned course.</summary>
    Completed,

    /// <summary>The run was stopped early by <see cref="LoadTestFramework.Stop"/> or cancellation (for example Ctrl+C); the result covers what ran.</summary>
    Stopped,

    /// <summary>A threshold with <see cref="ThresholdOptions.AbortOnFail"/> failed and stopped the run.</summary>
    Aborted,
}
