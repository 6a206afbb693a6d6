namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>The user's input cannot be used (exit code 2); the message says what is wrong and what to do, and is printed as it is.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
