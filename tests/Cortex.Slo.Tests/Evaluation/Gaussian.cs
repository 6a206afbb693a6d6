namespace Cortex.Slo.Tests.Evaluation;

/// <summary>Deterministic standard-normal draws (Box–Muller) over a seeded <see cref="Random"/>.</summary>
internal sealed class Gaussian(int seed)
{
    private readonly Random _random = new(seed);

    public double Next()
    {
        // 1 − NextDouble() is in (0, 1], so the logarithm is finite.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
