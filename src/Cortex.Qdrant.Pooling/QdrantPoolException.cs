namespace Cortex.Qdrant.Pooling;

/// <summary>The pool could not run a request: see the derived types for why.</summary>
public class QdrantPoolException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="QdrantPoolException"/> class.</summary>
    public QdrantPoolException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantPoolException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    public QdrantPoolException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantPoolException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public QdrantPoolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
