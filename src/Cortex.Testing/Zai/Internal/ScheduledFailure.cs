namespace Cortex.Testing.Zai.Internal;

/// <summary>One <see cref="ZaiFaults.FailNext"/> call; <see cref="Remaining"/> is only touched under the faults' lock.</summary>
internal sealed class ScheduledFailure(int statusCode, string businessCode, TimeSpan? retryAfter)
{
    public int StatusCode { get; } = statusCode;

    public string BusinessCode { get; } = businessCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public int Remaining { get; set; }
}
