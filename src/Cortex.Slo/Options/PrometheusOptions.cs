namespace Cortex.Slo;

/// <summary>
/// Where the SLIs come from when a fleet is judged by Prometheus rather than by one process: the request-duration
/// histogram the hosts export and the label matchers that pick this service's requests and its failures. The generated
/// recording and burn-rate alert rules and the OpenSLO export are built from these.
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>
    /// Gets or sets the request-duration histogram's Prometheus name, without the <c>_bucket</c>, <c>_count</c> or
    /// <c>_sum</c> suffix; its unit must be seconds.
    /// </summary>
    /// <value>
    /// The default is <c>http_server_request_duration_seconds</c>: OpenTelemetry's <c>http.server.request.duration</c>
    /// as the Prometheus exporters name it.
    /// </value>
    public string RequestDurationMetric { get; set; } = "http_server_request_duration_seconds";

    /// <summary>Gets or sets the label matchers that select failed requests, without braces.</summary>
    /// <value>The default is <c>http_response_status_code=~"5.."</c>: server errors.</value>
    public string ErrorFilter { get; set; } = "http_response_status_code=~\"5..\"";

    /// <summary>
    /// Gets or sets extra label matchers, without braces, that select this service's requests from the fleet's, for
    /// example <c>service_name="memory"</c> or <c>job="memory",http_route!="/health"</c>.
    /// </summary>
    /// <value>The default is empty: every series of <see cref="RequestDurationMetric"/>.</value>
    public string Selector { get; set; } = "";

    /// <summary>Gets or sets the label that holds a histogram bucket's upper bound.</summary>
    /// <value>The default is <c>le</c>, the Prometheus convention.</value>
    public string LatencyBucketLabel { get; set; } = "le";
}
