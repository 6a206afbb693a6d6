namespace Cortex.Zai.Optimized;

/// <summary>
/// The client's own rate limiter could not give the request a permit within
/// <see cref="ZaiRateLimitOptions.MaxQueueWait"/>, or its queue was full. Nothing was sent to Z.AI.
/// </summary>
public sealed class ZaiRateLimitExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ZaiRateLimitExceededException"/> class.</summary>
    public ZaiRateLimitExceededException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiRateLimitExceededException"/> class.</summary>
    /// <param name="message">Which limit, how long the request waited, and what to change.</param>
    public ZaiRateLimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiRateLimitExceededException"/> class.</summary>
    /// <param name="message">Which limit, how long the request waited, and what to change.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ZaiRateLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
