namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// One <see cref="ZaiFaults.FailNext"/> or <see cref="ZaiFaults.FailNextFromGateway"/> call; <see cref="Remaining"/>
/// is only touched under the faults' lock. A <see langword="null"/> <see cref="BusinessCode"/> is a gateway's answer,
/// without Z.AI's error body.
/// </summary>
internal sealed class ScheduledFailure(int statusCode, string? businessCode, TimeSpan? retryAfter, bool retryAfterAsHttpDate = false)
{
    public int StatusCode { get; } = statusCode;

    public string? BusinessCode { get; } = businessCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool RetryAfterAsHttpDate { get; } = retryAfterAsHttpDate;

    public int Remaining { get; set; }
}
