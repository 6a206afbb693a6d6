namespace Cortex.Zai.Optimized;

/// <summary>A streamed answer ended before Z.AI's <c>[DONE]</c>: the connection broke and the answer is incomplete. It is never cached.</summary>
public sealed class ZaiStreamInterruptedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ZaiStreamInterruptedException"/> class.</summary>
    public ZaiStreamInterruptedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiStreamInterruptedException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public ZaiStreamInterruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiStreamInterruptedException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ZaiStreamInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
