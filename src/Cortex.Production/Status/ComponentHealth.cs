namespace Cortex.Production.Status;

/// <summary>One registered health check's last result.</summary>
/// <param name="Name">The health check's registration name (for example <c>cortex-qdrant</c>).</param>
/// <param name="Health">What it reported.</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="Duration">How long it took.</param>
public sealed record ComponentHealth(string Name, ProductionHealth Health, string? Description, TimeSpan Duration);
