using System.Diagnostics.Metrics;

namespace Cortex.Internal;

/// <summary>
/// A package's meter: from the host's <see cref="IMeterFactory"/> when there is one (the factory owns and disposes it),
/// otherwise a standalone meter this object owns and disposes. Compiled into each package that publishes metrics
/// (linked source), so no package depends on another for it.
/// </summary>
internal sealed class PackageMeter(IMeterFactory? meterFactory, string name) : IDisposable
{
    public Meter Meter { get; } = meterFactory?.Create(name) ?? new Meter(name);

    public void Dispose()
    {
        if (meterFactory is null)
        {
            Meter.Dispose();
        }
    }
}
