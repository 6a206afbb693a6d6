using System.Text;
using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Cortex.Slo.Tests.DependencyInjection;

// The README's appsettings.json, bound as a user's host binds it: through AddCortexSlo(section), validated, no warning.
public sealed class ReadmeConfigurationTests
{
    [Fact]
    public async Task AddCortexSlo_TheReadmesAppSettings_BindsAndValidatesWithoutWarnings()
    {
        var json = RepositoryFiles.FencedBlock("src/Cortex.Slo/README.md", "json", "## Configuration and environment");
        using var logs = new FakeLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        builder.Services.AddLogging(b => b.AddProvider(logs));
        builder.Services.AddCortexSlo(builder.Configuration.GetSection("performance"));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;

        Assert.Equal(("memory-service", TimeSpan.FromSeconds(15), TimeSpan.FromDays(3)), (options.ServiceName, options.EvaluationInterval, options.Retention));
        Assert.Equal((TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(4), 0.995), (options.ResponseTime.P95, options.ResponseTime.P99, options.Availability));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromHours(2)), (options.Alerting.GroupWait, options.Alerting.RepeatInterval));
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }
}
