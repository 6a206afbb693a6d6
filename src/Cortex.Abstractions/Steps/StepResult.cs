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
