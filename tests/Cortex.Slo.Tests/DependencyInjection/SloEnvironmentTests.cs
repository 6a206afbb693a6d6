using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Slo.Tests.DependencyInjection;

// The README's environment variables arrive through the host's configuration (here an in-memory provider stands for
// the environment provider); they win over the section, and options set in code win over both.
public sealed class SloEnvironmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexSlo_CodeSetsWhatAVariableSets_CodeWinsAndTheOtherVariablesStay()
    {
        using var host = TestHosts.Build(
            new() { ["SLO_RESPONSE_TIME_P95"] = "1500", ["SLO_AVAILABILITY"] = "99.5", ["ALERT_WEBHOOK_URL"] = "https://hooks.example/from-environment" },
            (services, _) => services.AddCortexSlo(o =>
            {
                o.ResponseTime.P95 = TimeSpan.FromMilliseconds(700);
                o.Alerting.Webhook.Url = new Uri("https://hooks.example/from-code");
            }));

        var options = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;

        Assert.Equal(TimeSpan.FromMilliseconds(700), options.ResponseTime.P95);
        Assert.Equal(new Uri("https://hooks.example/from-code"), options.Alerting.Webhook.Url);
        Assert.Equal(0.995, options.Availability, 6);
    }

    [Fact]
    public void AddCortexSlo_SectionAndVariable_VariableWinsOverTheSectionAndBuilderCodeOverBoth()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["performance:slo:responseTimeP95"] = "900",
                ["performance:slo:responseTimeP99"] = "2500",
                ["SLO_RESPONSE_TIME_P95"] = "1200",
                ["SLO_RESPONSE_TIME_P99"] = "3200",
            },
            (services, config) => services.AddCortexSlo(config.GetSection("performance"))
                .Configure(o => o.ResponseTime.P99 = TimeSpan.FromMilliseconds(2800)));

        var options = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;

        Assert.Equal(TimeSpan.FromMilliseconds(1200), options.ResponseTime.P95);
        Assert.Equal(TimeSpan.FromMilliseconds(2800), options.ResponseTime.P99);
    }

    [Fact]
    public async Task AddCortexSlo_BadVariableBesideASecretWebhookUrl_ErrorNamesTheVariableAndHoldsNoSecret()
    {
        using var host = TestHosts.Build(
            new() { ["ALERT_WEBHOOK_URL"] = "https://hooks.example/services/T000/s3cret-token", ["ALERT_WEBHOOK_FORMAT"] = "carrier-pigeon" },
            (services, _) => services.AddCortexSlo(o => o.Alerting.Webhook.Format = WebhookFormat.Slack));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));

        Assert.Contains("ALERT_WEBHOOK_FORMAT must be auto, alertmanager or slack (was 'carrier-pigeon')", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", ex.ToString(), StringComparison.Ordinal);
    }
}

[CollectionDefinition(nameof(SloProcessEnvironment), DisableParallelization = true)]
public sealed class SloProcessEnvironment;

/// <summary>Sets real process environment variables, so it runs alone.</summary>
[Collection(nameof(SloProcessEnvironment))]
public sealed class SloProcessEnvironmentTests
{
    private static readonly string[] Names = ["SLO_RESPONSE_TIME_P95", "ALERT_WEBHOOK_URL"];

    [Fact]
    public void AddCortexSlo_ProcessVariablesInADefaultWebApplication_ReachTheOptionsThroughItsConfiguration()
    {
        WithVariables(() =>
        {
            var builder = WebApplication.CreateBuilder();
            builder.Services.AddCortexSlo();
            using var app = builder.Build();

            var options = app.Services.GetRequiredService<IOptions<SloOptions>>().Value;

            Assert.Equal(TimeSpan.FromMilliseconds(1234), options.ResponseTime.P95);
            Assert.Equal(new Uri("https://hooks.example/process"), options.Alerting.Webhook.Url);
        });
    }

    [Fact]
    public void AddCortexSlo_ProcessVariablesButAHostWithoutTheEnvironmentProvider_AreNotRead()
    {
        WithVariables(() =>
        {
            using var host = TestHosts.Build([], (services, _) => services.AddCortexSlo());

            var options = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;

            Assert.Equal(SloPresets.Production().ResponseTime.P95, options.ResponseTime.P95);
            Assert.Null(options.Alerting.Webhook.Url);
        });
    }

    private static void WithVariables(Action test)
    {
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("SLO_RESPONSE_TIME_P95", "1234");
            Environment.SetEnvironmentVariable("ALERT_WEBHOOK_URL", "https://hooks.example/process");
            test();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
