namespace Cortex.LoadTesting.Configuration;

/// <summary>A load test's configuration is invalid; <see cref="Errors"/> names every bad field by its JSON path.</summary>
public sealed class LoadTestConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LoadTestConfigurationException"/> class.</summary>
    public LoadTestConfigurationException()
        : this([])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public LoadTestConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestConfigurationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LoadTestConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="LoadTestConfigurationException"/> class from a list of errors.</summary>
    /// <param name="errors">One message per bad field, each starting with its JSON path, for example <c>scenarios[1].weight must be &gt; 0</c>.</param>
    public LoadTestConfigurationException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets one message per bad field, each starting with its JSON path.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors) => errors.Count switch
    {
        0 => "The load test configuration is invalid.",
        1 => "The load test configuration is invalid: " + errors[0],
        _ => $"The load test configuration has {errors.Count} errors:" + string.Concat(errors.Select(e => Environment.NewLine + "  - " + e)),
    };
}
