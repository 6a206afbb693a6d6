using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Distributed;

namespace Cortex.LoadTesting.Tests.Distributed;

/// <summary>Bad coordinator options fail before any connection is tried, each naming its field.</summary>
public sealed class LoadTestCoordinatorOptionsTests
{
    [Fact]
    public async Task JoinAsync_BadOptions_FailsNamingEveryField()
    {
        var coordinator = new LoadTestCoordinatorOptions
        {
            // Port 1 would refuse a connection: the error must come from validation, before it is tried.
            Url = "redis://127.0.0.1:1",
            Agents = 0,
            ResultTimeout = TimeSpan.Zero,
            AgentTimeout = TimeSpan.FromMilliseconds(500),
        };

        var ex = await Assert.ThrowsAsync<LoadTestConfigurationException>(() => LoadTestAgent.JoinAsync(coordinator, new LoadTestOptions(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Collection(
            ex.Errors,
            e => Assert.StartsWith("LoadTestCoordinatorOptions.Agents 0 must be from 1 to 1000", e, StringComparison.Ordinal),
            e => Assert.StartsWith("LoadTestCoordinatorOptions.ResultTimeout 00:00:00 must be > 0", e, StringComparison.Ordinal),
            e => Assert.StartsWith("LoadTestCoordinatorOptions.AgentTimeout 00:00:00.5000000 must be at least 1 second", e, StringComparison.Ordinal));
    }

}
