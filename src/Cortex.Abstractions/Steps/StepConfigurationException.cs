namespace Cortex.Abstractions.Steps;

/// <summary>A load-test step is configured wrongly: an unknown type, or a missing or invalid parameter.</summary>
public sealed class StepConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StepConfigurationException"/> class.</summary>
    public StepConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StepConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the scenario, step and parameter.</param>
    public StepConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StepConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the scenario, step and parameter.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public StepConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
