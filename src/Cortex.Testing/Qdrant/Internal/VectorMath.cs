using System.Numerics.Tensors;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>Scores as a real Qdrant node reports them, with SIMD kernels.</summary>
internal static class VectorMath
{
    /// <summary>
    /// Qdrant stores Cosine vectors normalized and scores them by dot product; a zero vector is left as it is,
    /// as Qdrant leaves it.
    /// </summary>
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > float.Epsilon)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>Cosine and Dot rank the largest score first; Euclid and Manhattan report a distance, smallest first.</summary>
    public static bool LargerIsBetter(Distance distance) => distance is Distance.Cosine or Distance.Dot;

    /// <summary>The score Qdrant returns: a dot product for Cosine (on normalized vectors) and Dot, a distance otherwise.</summary>
    public static float Score(Distance distance, ReadOnlySpan<float> query, ReadOnlySpan<float> stored, Span<float> scratch) =>
        distance switch
        {
            Distance.Cosine or Distance.Dot => TensorPrimitives.Dot(query, stored),
            Distance.Euclid => TensorPrimitives.Distance(query, stored),
            Distance.Manhattan => Manhattan(query, stored, scratch),
            _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, "Unknown distance."),
        };

    private static float Manhattan(ReadOnlySpan<float> query, ReadOnlySpan<float> stored, Span<float> scratch)
    {
        TensorPrimitives.Subtract(query, stored, scratch);
        return TensorPrimitives.SumOfMagnitudes(scratch);
    }
}
