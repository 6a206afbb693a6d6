namespace Cortex.Abstractions.Steps;

/// <summary>The outcome of one step execution. A value type so a successful step allocates nothing.</summary>
public readonly record struct StepResult
{
    private StepResult(bool isSuccess, string? errorType, int? statusCode)
    {
        IsSuccess = isSuccess;
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    /// <summary>Gets a successful result.</summary>
    public static StepResult Success { get; } = new(true, null, null);

    /// <summary>Gets a value indicating whether the step succeeded.</summary>
    public bool IsSuccess { get; }

    /// <summary>Gets the error category of a failed step (for example <c>http_503</c>, <c>timeout</c>, <c>1302</c>); <see langword="null"/> on success.</summary>
    public string? ErrorType { get; }

    /// <summary>Gets the protocol status code that came with the result, when there is one (an HTTP status or a gRPC status code).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the bytes the step sent (for example a request body), for the run's data figures; 0 when the step does not count them.</summary>
    public long BytesSent { get; private init; }

    /// <summary>Gets the bytes the step received (for example a response body), for the run's data figures; 0 when the step does not count them.</summary>
    public long BytesReceived { get; private init; }

    /// <summary>Returns this result carrying the bytes the step sent and received.</summary>
    /// <param name="sent">The bytes sent.</param>
    /// <param name="received">The bytes received.</param>
    /// <returns>The result with its data figures.</returns>
    public StepResult WithBytes(long sent, long received) => this with { BytesSent = sent, BytesReceived = received };

    /// <summary>Creates a successful result that carries a status code.</summary>
    /// <param name="statusCode">The protocol status code.</param>
    /// <returns>The result.</returns>
    public static StepResult Succeeded(int statusCode) => new(true, null, statusCode);

    /// <summary>Creates a failed result.</summary>
    /// <param name="errorType">A short, low-cardinality error category; it becomes a metric tag and a report row.</param>
    /// <param name="statusCode">The protocol status code, when there is one.</param>
    /// <returns>The result.</returns>
    public static StepResult Failed(string errorType, int? statusCode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        return new(false, errorType, statusCode);
    }
}
