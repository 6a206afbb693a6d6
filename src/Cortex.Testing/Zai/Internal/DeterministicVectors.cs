using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Unit vectors made from text alone. Each word contributes a fixed pseudo-random direction and the whole text one
/// more, so the same text always gives the same vector, any two different texts give different ones, and texts that
/// share words point the same way: a vector search over them finds the overlapping ones first, as with real embeddings.
/// </summary>
internal static class DeterministicVectors
{
    // The whole-text direction is weaker than a word's so shared words dominate similarity, yet strong enough that
    // reordered words ("a b" and "b a") still yield distinct vectors.
    private const float WholeTextWeight = 0.5f;

    private static readonly char[] Punctuation = ['.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '[', ']'];

    public static float[] Embed(string text, int dimension)
    {
        var vector = new float[dimension];
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            Add(vector, "word:" + word.Trim(Punctuation).ToUpperInvariant(), 1f);
        }

        Add(vector, "text:" + text, WholeTextWeight);
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }

    private static void Add(float[] vector, string key, float weight)
    {
        // SplitMix64 seeded by the key's hash: cheap, and the same sequence on every platform and run.
        var state = BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        for (var i = 0; i < vector.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            vector[i] += weight * (((z >> 40) / (float)(1UL << 24) * 2f) - 1f);
        }
    }
}
