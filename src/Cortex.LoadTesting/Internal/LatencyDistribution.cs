using System.Globalization;
using System.Net;
using System.Text;
using Cortex.Internal;
using HdrHistogram;

namespace Cortex.LoadTesting.Internal;

/// <summary>One bar of a latency distribution: the requests whose latency fell in [<see cref="FromMs"/>, <see cref="ToMs"/>).</summary>
internal sealed record LatencyBucket(double FromMs, double ToMs, long Count);

/// <summary>
/// The latency distribution of a run, read from its recorded HdrHistogram (every sample, not a sample of them) into
/// buckets of equal ratio, so a 2 ms bulk and a 900 ms tail both get bars a reader can see; drawn as inline SVG bars
/// whose titles give each bar's range and count on hover.
/// </summary>
internal static class LatencyDistribution
{
    public const int MaxBuckets = 24;
    private const int Width = 760;
    private const int Height = 240;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 20;
    private const int Bottom = 40;

    public static IReadOnlyList<LatencyBucket> Buckets(string? encodedHistogram)
    {
        var histogram = HistogramCodec.Decode(encodedHistogram);
        if (histogram.TotalCount == 0)
        {
            return [];
        }

        var values = histogram.RecordedValues().Select(v => (Ms: HistogramCodec.Millis(v.ValueIteratedTo), v.CountAtValueIteratedTo)).ToList();
        var low = Math.Max(values.Min(v => v.Ms), 0.001);
        var high = values.Max(v => v.Ms);
        var buckets = high <= low * 1.0001 ? 1 : MaxBuckets;
        var ratio = buckets == 1 ? 1 : Math.Pow(high / low, 1.0 / buckets);
        var counts = new long[buckets];
        foreach (var (ms, count) in values)
        {
            var index = buckets == 1 || ms <= low ? 0 : (int)Math.Floor(Math.Log(ms / low) / Math.Log(ratio));
            counts[Math.Clamp(index, 0, buckets - 1)] += count;
        }

        return [.. counts.Select((count, i) => new LatencyBucket(low * Math.Pow(ratio, i), buckets == 1 ? high : low * Math.Pow(ratio, i + 1), count))];
    }

    public static void Write(StringBuilder html, IReadOnlyList<LatencyBucket> buckets)
    {
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"chart-distribution\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"Latency distribution\"><title>Latency distribution</title>");
        if (buckets.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"empty\">no latency recorded</text></svg>");
            return;
        }

        var total = buckets.Sum(b => b.Count);
        var (yMax, yStep) = SvgLineChart.Axis(buckets.Max(b => b.Count));
        var barWidth = (double)(Width - Left - Right) / buckets.Count;
        double Py(double v) => Height - Bottom - (v / yMax * (Height - Top - Bottom));
        for (var value = 0.0; value <= yMax + (yStep / 2); value += yStep)
        {
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Py(value):0.#}\" y2=\"{Py(value):0.#}\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Py(value) + 4:0.#}\" text-anchor=\"end\">{Figures.Number(value)}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text class=\"unit\" x=\"{Left}\" y=\"{Top - 6}\">requests</text>");
        for (var i = 0; i < buckets.Count; i++)
        {
            var b = buckets[i];
            var x = Left + (i * barWidth);
            var y = Py(b.Count);
            var title = $"{Figures.Milliseconds(b.FromMs)} to {Figures.Milliseconds(b.ToMs)}: {Figures.Count(b.Count)} requests ({Figures.Percent((double)b.Count / total)})";
            html.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" data-from=\"{b.FromMs:R}\" data-to=\"{b.ToMs:R}\" data-count=\"{b.Count}\" x=\"{x + 1:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(barWidth - 2, 1):0.#}\" height=\"{Height - Bottom - y:0.#}\" fill=\"#0969da\" fill-opacity=\"0.6\"><title>{WebUtility.HtmlEncode(title)}</title></rect>");
            if (i % Math.Max(1, buckets.Count / 6) == 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(Figures.Number(b.FromMs))}</text>");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Width - Right}\" y=\"{Height - Bottom + 16}\" text-anchor=\"end\">{WebUtility.HtmlEncode(Figures.Milliseconds(buckets[^1].ToMs))}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{(Width + Left) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">latency, ms (buckets of equal ratio)</text>");
        html.Append("</svg>");
    }
}
