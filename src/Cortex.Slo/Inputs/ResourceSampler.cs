namespace Cortex.Slo.Inputs;

/// <summary>STUB.</summary>
internal sealed class ResourceSampler(TimeProvider time)
{
    public ResourceUsage Sample() => time is null ? throw new NotImplementedException() : throw new NotImplementedException();
}
