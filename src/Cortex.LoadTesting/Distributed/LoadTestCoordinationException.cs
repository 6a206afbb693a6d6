namespace Cortex.LoadTesting.Distributed;

/// <summary>
/// The agents of a distributed run could not work together: Redis could not be reached, not every agent arrived in
/// time, the run id is taken by another test, or the results could not be combined. The message says which, and
/// never carries the Redis password.
/// </summary>
public sealed class LoadTestCoordinationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LoadTestCoordinationException"/> class.</summary>
    public LoadTestCoordinationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestCoordinationException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    public LoadTestCoordinationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestCoordinationException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public LoadTestCoordinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
