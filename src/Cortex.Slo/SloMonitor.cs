namespace Cortex.Slo;

/// <summary>SKELETON: the SLO monitor (being written).</summary>
public sealed partial class SloMonitor
{
    /// <summary>Acknowledges an alert, which stops its escalation.</summary>
    /// <param name="id">The alert's id.</param>
    /// <returns>Whether a firing alert with that id was found.</returns>
    public bool AcknowledgeAlert(string id) => throw new NotImplementedException();

    /// <summary>Resolves an alert by hand.</summary>
    /// <param name="id">The alert's id.</param>
    /// <returns>Whether a firing alert with that id was found.</returns>
    public bool ResolveAlert(string id) => throw new NotImplementedException();
}
