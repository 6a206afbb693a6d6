using Cortex.Internal;
using System.Globalization;
using System.Net;
using System.Text;

namespace Cortex.Slo.Reports;

/// <summary>
/// Draws each SLO's error budget left as a horizontal bar in inline SVG (no <c>xmlns</c>, script or external resource):
/// green above half, amber below, red when overspent, with the figure written beside the bar.
/// </summary>
internal static class SvgBudgetBars
{
    private const int Width = 760;
    private const int Label = 170;
    private const int Figure = 90;
    private const int Row = 28;
    private const int Top = 10;

    public static void Write(StringBuilder html, string id, string title, IReadOnlyList<(string Name, double Remaining)> budgets)
    {
        var height = Top * 2 + Math.Max(1, budgets.Count) * Row;
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">");
        html.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        if (budgets.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{height / 2 + 4}\" text-anchor=\"middle\" class=\"empty\">no SLO with an error budget</text></svg>");
            return;
        }

        const int track = Width - Label - Figure;
        for (var i = 0; i < budgets.Count; i++)
        {
            var (name, remaining) = budgets[i];
            var y = Top + (i * Row);
            var fill = double.IsFinite(remaining) ? Math.Clamp(remaining, 0, 1) * track : 0;
            var color = remaining switch
            {
                < 0 => "#cf222e",
                < 0.5 => "#bf8700",
                _ => "#1a7f37",
            };
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{Label - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{WebUtility.HtmlEncode(name)}</text>");
            html.Append(CultureInfo.InvariantCulture, $"<rect class=\"track\" x=\"{Label}\" y=\"{y + 4}\" width=\"{track}\" height=\"{Row - 8}\" rx=\"3\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"{y + 4}\" width=\"{fill:0.#}\" height=\"{Row - 8}\" rx=\"3\" fill=\"{color}\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Label + track + 8}\" y=\"{y + 17}\" style=\"fill:{color}\">{WebUtility.HtmlEncode(Figures.PrecisePercent(remaining))}</text>");
        }

        html.Append("</svg>");
    }
}
