namespace Cortex.Production.Dashboard;

/// <summary>How <c>MapCortexDashboard</c> serves the dashboard.</summary>
public sealed class CortexDashboardOptions
{
    /// <summary>Gets or sets a value indicating whether the dashboard is served without authorization, for local use.</summary>
    /// <value>The default is <see langword="false"/>: the endpoints require the host's authorization (<see cref="AuthorizationPolicy"/>, or its default policy).</value>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets the authorization policy the endpoints require, when <see cref="AllowAnonymous"/> is <see langword="false"/>.</summary>
    /// <value>The default is <see langword="null"/>: the host's default policy.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Gets or sets a value indicating whether the page may acknowledge firing alerts (<c>POST api/v1/alerts/{id}/acknowledge</c>), which stops their escalation.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowAcknowledge { get; set; }

    /// <summary>Gets or sets how often the dashboard refreshes the status and records a point of its history.</summary>
    /// <value>The default is 5 seconds; between 250 milliseconds and 5 minutes.</value>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many points of history the dashboard keeps (and charts).</summary>
    /// <value>The default is 360 (30 minutes at the default interval); between 10 and 10,000.</value>
    public int HistoryLength { get; set; } = 360;

    internal void Validate()
    {
        if (SampleInterval < TimeSpan.FromMilliseconds(250) || SampleInterval > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleInterval), SampleInterval, $"CortexDashboardOptions.SampleInterval is {SampleInterval}: use between 250 ms and 5 minutes.");
        }

        if (HistoryLength is < 10 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, $"CortexDashboardOptions.HistoryLength is {HistoryLength}: use between 10 and 10000.");
        }
    }
}
