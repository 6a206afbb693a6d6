using AngleSharp;
using AngleSharp.Css;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;

namespace Cortex.Tests.Shared;

/// <summary>Reads a generated HTML page the way a browser lays out its styles (AngleSharp with its CSS engine), so tests judge what a reader sees.</summary>
internal static class HtmlPages
{
    public static IDocument Parse(string html)
    {
        var device = new DefaultRenderDevice { DeviceWidth = 1280, DeviceHeight = 800, ViewPortWidth = 1280, ViewPortHeight = 800 };
        var context = BrowsingContext.New(Configuration.Default.WithCss().WithRenderDevice(device));
        return context.OpenAsync(request => request.Content(html)).GetAwaiter().GetResult();
    }

    /// <summary>The computed text colour and background of an element; a transparent background shows its parents'.</summary>
    public static (string Color, string Background) Colors(IElement element)
    {
        var style = element.Owner!.DefaultView!.GetComputedStyle(element);
        var background = "";
        for (var e = element; e is not null && (background.Length == 0 || background == "rgba(0, 0, 0, 0)"); e = e.ParentElement)
        {
            background = e.Owner!.DefaultView!.GetComputedStyle(e).GetBackgroundColor();
        }

        return (style.GetColor(), background is "" or "rgba(0, 0, 0, 0)" ? "rgba(255, 255, 255, 1)" : background);
    }

    public static IElement Cell(IDocument document, string text) =>
        document.QuerySelectorAll("td").First(td => td.TextContent.Trim() == text);
}
