using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cortex.Tests;

/// <summary>
/// Records the spans one test's calls produce on a Cortex activity source, through a real <see cref="ActivityListener"/>.
/// Tests run in parallel and share the packages' static sources, so only spans in this recorder's own trace are kept:
/// the recorder starts a root span and makes it current, and the spans the calls start become its children.
/// </summary>
internal sealed class ActivityRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _root;

    public ActivityRecorder(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == sourceName && activity.TraceId == _root?.TraceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = new Activity("test").Start();
    }

    /// <summary>Gets the spans stopped so far in this test's trace, in the order they stopped.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}
