namespace Cortex.LoadTesting;

/// <summary>Runs one load test.</summary>
public sealed class LoadTestFramework
{
    /// <summary>Stops the run gracefully: no new iterations start, running ones get <see cref="LoadTestOptions.GracefulStop"/> to finish, and the result covers what ran.</summary>
    public void Stop() => throw new NotImplementedException();
}
