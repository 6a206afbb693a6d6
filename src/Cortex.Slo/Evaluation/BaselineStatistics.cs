namespace Cortex.Slo.Evaluation;

/// <summary>The centre and spread of a baseline window, both in the units of its values.</summary>
internal static class BaselineStatistics
{
    /// <summary>Makes a median absolute deviation a consistent estimate of the standard deviation of normal data.</summary>
    internal const double MadToSigma = 1.4826;

    /// <summary>The median and 1.4826 × the median absolute deviation. Reorders <paramref name="values"/>.</summary>
    public static (double Center, double Spread) MedianAndMad(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var median = Median(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        return (median, MadToSigma * Median(values));
    }

    /// <summary>
    /// The exponentially weighted mean and standard deviation of <paramref name="values"/> (oldest first), the newest
    /// weighing 1 and each older one (1 − <paramref name="alpha"/>) times the next. The weights are normalised over the
    /// window, so a short window is not pulled towards a made-up starting value.
    /// </summary>
    public static (double Center, double Spread) Ewma(ReadOnlySpan<double> values, double alpha)
    {
        if (values.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        var decay = 1 - alpha;
        double weight = 1, weights = 0, sum = 0;
        for (var i = values.Length - 1; i >= 0; i--)
        {
            weights += weight;
            sum += weight * values[i];
            weight *= decay;
        }

        var mean = sum / weights;
        weight = 1;
        var squares = 0.0;
        for (var i = values.Length - 1; i >= 0; i--)
        {
            var deviation = values[i] - mean;
            squares += weight * deviation * deviation;
            weight *= decay;
        }

        return (mean, Math.Sqrt(squares / weights));
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
