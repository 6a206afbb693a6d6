namespace Cortex.Slo.Status;

/// <summary>The period a compliance report covers, ending now.</summary>
public enum ReportPeriod
{
    /// <summary>The last 24 hours.</summary>
    Daily,

    /// <summary>The last 7 days.</summary>
    Weekly,

    /// <summary>The last 30 days (as far as retention reaches).</summary>
    Monthly,
}
