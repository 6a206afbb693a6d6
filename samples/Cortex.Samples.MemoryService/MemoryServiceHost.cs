using Cortex.Abstractions.Telemetry;
using Cortex.Production.Status;
using Cortex.Production;
using Cortex.Samples.MemoryService.Embedded;
using Cortex.Samples.MemoryService.Mcp;
using Cortex.Samples.MemoryService.Memory;
using Cortex.Samples.MemoryService.Status;
using Cortex.Samples.MemoryService.Steps;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Cortex.Samples.MemoryService;

/// <summary>Builds the memory service, so that <c>Program</c> and tests start the same application.</summary>
public static partial class MemoryServiceHost
{
    /// <summary>
    /// Builds the application: starts the embedded stand-ins for whatever is not configured, wires the Cortex packages
    /// and maps the endpoints. The stand-ins stop with the application.
    /// </summary>
    /// <param name="args">The command line (configuration, for example <c>--urls</c>).</param>
    /// <param name="configure">Changes to the builder before the services are added (tests use it for configuration).</param>
    /// <param name="cancellationToken">Stops the start of the stand-ins.</param>
    /// <returns>The application, not started.</returns>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var embedded = await EmbeddedServices.StartAsync(builder.Configuration, cancellationToken).ConfigureAwait(false);
        try
        {
            AddServices(builder, embedded);
            var app = builder.Build();
            if (embedded.IsEmbedded)
            {
                var description = embedded.Describe();
                LogEmbedded(app.Logger, description);
            }

            MapEndpoints(app);
            return app;
        }
        catch
        {
            await embedded.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void AddServices(WebApplicationBuilder builder, EmbeddedServices embedded)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // First, so that it stops last: the stand-ins outlive every component that talks to them.
        services.AddHostedService(_ => new EmbeddedServicesLifetime(embedded));
        embedded.Configure(services);

        // One call wires every enabled component from the configuration (appsettings.json, config/production.json) and environment variables.
        services.AddCortexProduction(configuration);
        // Requests are counted once, as the exported Prometheus rules count them: from ASP.NET Core's request-duration
        // instrument, without the operational routes (Slo:ExcludedRoutes: /metrics, /health, /system/status).
        services.AddCortexSlo(o => o.Instruments.Add("Microsoft.AspNetCore.Hosting/http.server.request.duration"));

        services.AddOptions<MemoryOptions>().Bind(configuration.GetSection("memory")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MemoryStore>();
        services.AddHostedService<MemoryCollectionInitializer>();
        services.AddCortexStepHandler<MemoryStoreStepHandler>();
        services.AddCortexStepHandler<MemoryFindStepHandler>();

        // The same two operations as MCP tools over streamable HTTP. Stateless: every request stands alone, so any
        // instance behind a load balancer can answer it.
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "cortex-memory", Version = typeof(MemoryServiceHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools([typeof(MemoryTools)])
            .WithRequestFilters(filters => filters.AddCallToolFilter(MemoryToolArguments.Filter));

        services.AddProblemDetails();
        services.AddAuthorization();
        // The status's JSON form: NaN before the first request, enums as names, durations in milliseconds.
        services.ConfigureHttpJsonOptions(o => ProductionStatusJson.Configure(o.SerializerOptions));

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. CortexTelemetry.MeterNames])
            // The runtime's own meter: working set, GC heap and CPU at /metrics, which `cortex-load run --target-metrics` samples for its leak verdict.
            .AddMeter("System.Runtime")
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapMemoryEndpoints();
        app.MapMcp("/mcp");
        app.MapSystemStatus();
        app.UseAuthorization();
        // The live dashboard at /cortex/, its options from the dashboard section (sampleInterval, historyLength, ...).
        // Open without sign-in only where configured (dashboard:allowAnonymous, true in Development); elsewhere it needs
        // the host's authorization, so add an authentication scheme before exposing it.
        var dashboard = app.Configuration.GetSection("dashboard");
        app.MapCortexDashboard("/cortex", dashboard, o =>
        {
            // This service's own defaults where the section is silent.
            o.AllowAnonymous = dashboard.GetValue("allowAnonymous", app.Environment.IsDevelopment());
            o.AllowAcknowledge = dashboard.GetValue("allowAcknowledge", true);
        });
        // Readiness is the dependencies' (checks tagged "ready": the Qdrant pool), not the SLOs': an SLO breach is shared
        // by every replica, and taking them all out of the load balancer at once would turn an incident into an outage.
        // The SLO check has its own endpoint for dashboards and alerting.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapHealthChecks("/health/slo", new HealthCheckOptions { Predicate = check => check.Tags.Contains("slo") });
        app.MapPrometheusScrapingEndpoint("/metrics");

        // The fleet's view of the same SLOs: load the rules into Prometheus, import the dashboard into Grafana.
        app.MapGet("/slo/prometheus-rules.yaml", (Cortex.Slo.SloMonitor monitor) => Results.Text(monitor.ExportPrometheusRules(), "application/yaml"));
        app.MapGet("/slo/grafana-dashboard.json", (Cortex.Slo.SloMonitor monitor) => Results.Text(monitor.ExportGrafanaDashboard(), "application/json"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Description}")]
    private static partial void LogEmbedded(ILogger logger, string description);
}
