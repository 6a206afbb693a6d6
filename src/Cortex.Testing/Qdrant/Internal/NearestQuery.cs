using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>
/// A nearest-neighbour read, the common ground of <c>Search</c> and <c>Query</c>. Exactly one of
/// <see cref="Vector"/> and <see cref="PointIdVector"/> is set, or neither for a plain listing by id.
/// </summary>
internal sealed record NearestQuery
{
    /// <summary>The query vector as the client sent it; the collection checks its size and normalizes it.</summary>
    public ICollection<float>? Vector { get; init; }

    /// <summary>Query with the stored vector of this point; the point itself is left out of the results, as in Qdrant.</summary>
    public PointKey? PointIdVector { get; init; }

    public Filter? Filter { get; init; }

    public float? ScoreThreshold { get; init; }

    public int Limit { get; init; } = 10;

    public int Offset { get; init; }

    public WithPayloadSelector? WithPayload { get; init; }

    public WithVectorsSelector? WithVectors { get; init; }
}
