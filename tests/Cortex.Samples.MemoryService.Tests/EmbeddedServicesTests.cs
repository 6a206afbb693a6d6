using Cortex.Samples.MemoryService.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Samples.MemoryService.Tests;

public sealed class EmbeddedServicesTests
{
    [Fact]
    public async Task BuildAsync_NothingConfigured_RunsEmbeddedAndStopsTheTestServersWithTheApp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await MemoryServiceHost.BuildAsync(["--urls", "http://127.0.0.1:0"], cancellationToken: ct);
        await app.StartAsync(ct);
        var embedded = app.Services.GetRequiredService<EmbeddedServices>();
        Assert.True(embedded.Qdrant?.IsRunning);
        Assert.NotNull(embedded.Zai);

        await app.StopAsync(ct);

        Assert.False(embedded.Qdrant!.IsRunning);
    }
}
