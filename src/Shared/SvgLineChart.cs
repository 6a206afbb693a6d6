using System.Globalization;
using System.Net;
using System.Text;

namespace Cortex.Internal;

/// <summary>One line of a chart: a name, a CSS colour and one value per x.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<double> Values);

/// <summary>A horizontal reference line, such as a threshold, drawn dashed across a chart at <paramref name="Value"/>.</summary>
internal sealed record ChartLine(string Name, string Color, double Value);

/// <summary>
/// Draws a line chart as inline SVG for an HTML5 page (no <c>xmlns</c>, no script, no external resource), so a report
/// opens offline. The y axis starts at zero and ends at a round number; the x axis is elapsed time, in seconds unless
/// the caller names another unit. Every point carries an SVG <c>&lt;title&gt;</c>, the browser's own tooltip, so a
/// reader sees its value on hover without a script; each line keeps its values in <c>data-values</c> for tools.
/// </summary>
internal static class SvgLineChart
{
    private const int Width = 760;
    private const int Height = 260;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 36;
    private const int Ticks = 4;

    public static void Write(
        StringBuilder html,
        string id,
        string title,
        string unit,
        IReadOnlyList<double> x,
        IReadOnlyList<ChartSeries> series,
        string xUnit = "s",
        IReadOnlyList<ChartLine>? lines = null,
        Func<double, string>? format = null)
    {
        lines ??= [];
        format ??= Figures.Number;
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\">");
        html.Append("<title>").Append(Encode(title)).Append("</title>");
        if (x.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"empty\">no timeline data</text></svg>");
            return;
        }

        // The x axis ends where the data ends (a 30 s run is not drawn to 40 s); its ticks are round numbers within it.
        var xMax = x.Max() > 0 ? x.Max() : 1;
        var xStep = Axis(xMax).Step;
        var (yMax, yStep) = Axis(series.SelectMany(s => s.Values).Concat(lines.Select(l => l.Value)).Where(double.IsFinite).DefaultIfEmpty(0).Max());
        double Px(double v) => Left + (v / xMax * (Width - Left - Right));
        double Py(double v) => Height - Bottom - (v / yMax * (Height - Top - Bottom));

        for (var value = 0.0; value <= yMax + (yStep / 2); value += yStep)
        {
            var y = Py(value);
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" data-value=\"{value:R}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Encode(format(value))}</text>");
        }

        for (var value = 0.0; value <= xMax + (xStep / 1000); value += xStep)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Px(value):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{value:0.###}{Encode(xUnit)}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text class=\"unit\" x=\"{Left}\" y=\"{Top - 10}\">{Encode(unit)}</text>");

        // Legend right-aligned: a colour swatch before each name, laid out from the right edge.
        var legendX = Width - Right;
        for (var s = series.Count - 1; s >= 0; s--)
        {
            var item = series[s];
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{legendX}\" y=\"{Top - 10}\" text-anchor=\"end\" style=\"fill:{item.Color}\">{Encode(item.Name)}</text>");
            legendX -= 7 * item.Name.Length;
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{legendX - 20}\" x2=\"{legendX - 6}\" y1=\"{Top - 14}\" y2=\"{Top - 14}\" stroke=\"{item.Color}\" stroke-width=\"3\"/>");
            legendX -= 32;
        }

        foreach (var item in series)
        {
            var points = new StringBuilder();
            for (var i = 0; i < x.Count && i < item.Values.Count; i++)
            {
                var v = double.IsFinite(item.Values[i]) ? item.Values[i] : 0;
                points.Append(CultureInfo.InvariantCulture, $"{Px(x[i]):0.#},{Py(v):0.#} ");
            }

            // A single point stands for its whole interval (one unit of the axis): drawn as a level line across it,
            // not as a dot a reader can miss.
            if (x.Count == 1 && item.Values.Count == 1)
            {
                var v = double.IsFinite(item.Values[0]) ? item.Values[0] : 0;
                points.Append(CultureInfo.InvariantCulture, $"{Px(xMax):0.#},{Py(v):0.#}");
            }

            var values = string.Join(" ", item.Values.Take(x.Count).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            html.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{item.Color}\" stroke-width=\"2\" data-series=\"{Encode(item.Name)}\" data-values=\"{values}\" points=\"{points.ToString().TrimEnd()}\"/>");
            if (x.Count == 1)
            {
                html.Append(CultureInfo.InvariantCulture, $"<circle r=\"3\" fill=\"{item.Color}\" cx=\"{Px(x[0]):0.#}\" cy=\"{Py(double.IsFinite(item.Values[0]) ? item.Values[0] : 0):0.#}\"/>");
            }
        }

        foreach (var line in lines.Where(l => double.IsFinite(l.Value)))
        {
            var y = Py(line.Value);
            html.Append(CultureInfo.InvariantCulture, $"<line class=\"threshold\" data-value=\"{line.Value:R}\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{line.Color}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>{Encode(line.Name)}</title></line>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"threshold-label\" x=\"{Left + 4}\" y=\"{y - 4:0.#}\" style=\"fill:{line.Color}\">{Encode(line.Name)}</text>");
        }

        // Hover targets last, above the lines: transparent but painted, so the pointer finds them and the browser shows the title.
        foreach (var item in series)
        {
            for (var i = 0; i < x.Count && i < item.Values.Count; i++)
            {
                var v = item.Values[i];
                var cy = Py(double.IsFinite(v) ? v : 0);
                html.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" r=\"5\" cx=\"{Px(x[i]):0.#}\" cy=\"{cy:0.#}\" fill=\"{item.Color}\" fill-opacity=\"0\"><title>{Encode(format(x[i]))}{Encode(xUnit)}: {Encode(item.Name)} {Encode(format(v))}</title></circle>");
            }
        }

        html.Append("</svg>");
    }

    /// <summary>
    /// An axis from zero to at least <paramref name="max"/> in about <see cref="Ticks"/> steps of 1, 2 or 5 times a power
    /// of ten, so the tick labels are round numbers.
    /// </summary>
    internal static (double Max, double Step) Axis(double max)
    {
        if (!(max > 0))
        {
            max = 1;
        }

        var raw = max / Ticks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = 10 * magnitude;
        foreach (var factor in (ReadOnlySpan<double>)[1, 2, 5])
        {
            if (factor * magnitude >= raw)
            {
                step = factor * magnitude;
                break;
            }
        }

        return (Math.Ceiling((max / step) - 1e-9) * step, step);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
