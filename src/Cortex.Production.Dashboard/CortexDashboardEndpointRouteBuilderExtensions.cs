using System.Text;
using System.Text.Json;
using Cortex.Production.Status;
using Cortex.Production;
using Cortex.Production.Dashboard;
using Cortex.Production.Dashboard.Internal;
using Cortex.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Cortex live dashboard.</summary>
public static class CortexDashboardEndpointRouteBuilderExtensions
{
    private const string CsrfHeader = "X-Cortex-Dashboard";

    private static readonly SectionSchema Schema = new(typeof(CortexDashboardOptions), nameof(CortexDashboardOptions));

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(CortexDashboardOptions).Assembly.GetManifestResourceStream("Cortex.Production.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the Cortex.Production.Dashboard assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// Maps the dashboard under <paramref name="pattern"/>: the page at <c>{pattern}/</c>, its data at
    /// <c>{pattern}/api/v1/snapshot</c> (JSON, schema version 1) and, when <see cref="CortexDashboardOptions.AllowAcknowledge"/>
    /// is set, <c>POST {pattern}/api/v1/alerts/{id}/acknowledge</c>. The endpoints require the host's authorization unless
    /// <see cref="CortexDashboardOptions.AllowAnonymous"/> is set. Needs <c>AddCortexProduction</c>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route prefix, for example <c>/cortex</c>.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>The group of the dashboard's endpoints, for further conventions.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Both overloads ship together in this release, so no compiled caller binds to a shape that later changes; the trailing Action is optional in each, as in the AddCortex* methods.")]
    public static RouteGroupBuilder MapCortexDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/cortex", Action<CortexDashboardOptions>? configure = null) =>
        Map(endpoints, pattern, configure);

    /// <summary>
    /// Maps the dashboard as <see cref="MapCortexDashboard(IEndpointRouteBuilder, string, Action{CortexDashboardOptions}?)"/>
    /// does, with its options read from <paramref name="configuration"/> (for example the <c>dashboard</c> section of
    /// <c>appsettings.json</c>) and then changed by <paramref name="configure"/>, so code wins. Durations take a TimeSpan
    /// string or milliseconds, as every Cortex section does; a value that cannot be read fails here naming its key, and a
    /// key that is not a setting is logged as a warning.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="pattern">The route prefix, for example <c>/cortex</c>.</param>
    /// <param name="configuration">The section with the options' keys (<c>allowAnonymous</c>, <c>authorizationPolicy</c>, <c>allowAcknowledge</c>, <c>sampleInterval</c>, <c>historyLength</c>).</param>
    /// <param name="configure">Changes to the options after the section is read.</param>
    /// <returns>The group of the dashboard's endpoints, for further conventions.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Both overloads ship together in this release, so no compiled caller binds to a shape that later changes; the trailing Action is optional in each, as in the AddCortex* methods.")]
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(SectionBinder.NeedsReflection)]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode(SectionBinder.NeedsReflection)]
    public static RouteGroupBuilder MapCortexDashboard(this IEndpointRouteBuilder endpoints, string pattern, IConfiguration configuration, Action<CortexDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configuration);
        return Map(endpoints, pattern, options =>
        {
            SectionBinder.WarnUnknown(endpoints.ServiceProvider.GetService<ILoggerFactory>(), Schema, SectionBinder.Bind(options, configuration, Schema));
            configure?.Invoke(options);
        });
    }

    private static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string pattern, Action<CortexDashboardOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var options = new CortexDashboardOptions();
        configure?.Invoke(options);
        options.Validate();
        if (endpoints.ServiceProvider.GetService<ProductionOptimizer>() is null)
        {
            throw new InvalidOperationException("MapCortexDashboard needs the ProductionOptimizer: call services.AddCortexProduction(configuration) first.");
        }

        var history = new DashboardHistory(endpoints.ServiceProvider, options);
        var prefix = "/" + pattern.Trim('/');
        var group = endpoints.MapGroup(prefix);
        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.RequireAuthorization();
        }

        group.MapGet("/", (HttpContext context) =>
        {
            // The page asks for its data relative to where it is served, so a trailing slash matters.
            if (!context.Request.Path.Value!.EndsWith('/'))
            {
                return Results.Redirect(context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString);
            }

            SetPageHeaders(context.Response);
            return Results.Content(Page.Value, "text/html; charset=utf-8");
        }).ExcludeFromDescription();

        group.MapGet("/api/v1/snapshot", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var node = JsonSerializer.SerializeToNode(history.Snapshot(), ProductionStatusJson.SerializerOptions);
            return Results.Content(SecretRedactor.Redact(node)!.ToJsonString(), "application/json; charset=utf-8");
        });

        if (options.AllowAcknowledge)
        {
            group.MapPost("/api/v1/alerts/{id}/acknowledge", (string id, HttpContext context) =>
            {
                // A header a plain HTML form cannot send: another site cannot acknowledge alerts with the user's cookies.
                if (!context.Request.Headers.ContainsKey(CsrfHeader))
                {
                    return Results.Problem($"Send the {CsrfHeader} header to acknowledge an alert.", statusCode: StatusCodes.Status400BadRequest);
                }

                return history.Monitor?.AcknowledgeAlert(id) == true ? Results.NoContent() : Results.NotFound();
            });
        }

        return group;
    }

    private static void SetPageHeaders(HttpResponse response)
    {
        // Everything is in the page: nothing may load from elsewhere, and no other site may frame it.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

}
