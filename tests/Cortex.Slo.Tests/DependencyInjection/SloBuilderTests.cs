using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Slo.Tests.DependencyInjection;

// AddCortexSlo returns a builder whose follow-ups reach the host's one monitor.
public sealed class SloBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexSlo_Builder_NamesTheDefaultOptionsAndTheHealthCheckInTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddCortexSlo();

        Assert.Same(services, builder.Services);
        Assert.Equal((Microsoft.Extensions.Options.Options.DefaultName, "cortex-slo"), (builder.Name, builder.HealthCheckName));
    }

    [Fact]
    public async Task Configure_ThroughTheBuilder_IsWhatTheMonitorRunsWith()
    {
        using var host = TestHosts.Build(
            new() { ["performance:ResponseTime:P95"] = "900", ["performance:Availability"] = "0.97" },
            (services, config) => services.AddCortexSlo(config.GetSection("performance"))
                .Configure(o => o.ResponseTime.P95 = TimeSpan.FromMilliseconds(650)));
        await host.StartAsync(Ct);

        var options = host.Services.GetRequiredService<SloMonitor>().Options;
        await host.StopAsync(Ct);

        Assert.Equal(TimeSpan.FromMilliseconds(650), options.ResponseTime.P95);
        Assert.Equal(0.97, options.Availability, 6);
    }

    [Fact]
    public async Task AddCortexSlo_HealthCheckNamedByTheBuilder_RunsInTheHostsHealthChecks()
    {
        SloBuilder? builder = null;
        using var host = TestHosts.Build([], (services, _) => builder = services.AddCortexSlo());
        await host.StartAsync(Ct);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await host.StopAsync(Ct);

        var entry = Assert.Single(report.Entries, e => e.Key == builder!.HealthCheckName);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
    }

    [Fact]
    public void AddCortexSlo_CalledTwice_RegistersOneMonitorOneHostedServiceAndOneHealthCheck()
    {
        using var host = TestHosts.Build(
            new() { ["performance:ResponseTime:P95"] = "900" },
            (services, config) =>
            {
                services.AddCortexSlo(config.GetSection("performance"));
                services.AddCortexSlo(o => o.Availability = 0.98);
            });

        Assert.Single(host.Services.GetServices<SloMonitor>());
        Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "SloHostedService");
        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Single(registrations, r => r.Name == "cortex-slo");
        var options = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;
        Assert.Equal((TimeSpan.FromMilliseconds(900), 0.98), (options.ResponseTime.P95!.Value, options.Availability));
    }
}
