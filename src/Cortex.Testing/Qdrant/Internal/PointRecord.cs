using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// One stored point. Never mutated after it is stored (an upsert stores a new record), so a reader may keep handing
/// out its payload values and id after it has left the collection's lock.
/// </summary>
internal sealed class PointRecord(PointKey key, PointId id, float[] vector, MapField<string, Value> payload, ulong version)
{
    public PointKey Key { get; } = key;

    public PointId Id { get; } = id;

    public float[] Vector { get; } = vector;

    public MapField<string, Value> Payload { get; } = payload;

    public ulong Version { get; } = version;

    /// <summary>The record's index in its collection's dense scan array; only touched under the write lock.</summary>
    public int Slot { get; set; }
}
