using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace CrmSuite.Connector.Web;

/// <summary>
/// Makes an SVG document written by OxyPlot fit to sit inside the dashboard's HTML: the page's Content-Security-Policy
/// allows no inline style, so every <c>style="…"</c> becomes the presentation attributes it lists (SVG has one per
/// property OxyPlot writes); several charts share one document, so each chart's ids (its clip paths) get the chart's
/// prefix; the size becomes a viewBox so the chart scales with its figure; and it is labelled as an image.
/// </summary>
internal static partial class SvgForPage
{
    private static readonly XmlReaderSettings Reading = new() { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };

    /// <param name="fontScale">What every font size is multiplied by (the chart was laid out at another size).</param>
    public static string From(string svgDocument, string chartId, string label, double fontScale)
    {
        XElement svg;
        using (var reader = XmlReader.Create(new StringReader(svgDocument), Reading))
        {
            svg = XElement.Load(reader);
        }

        var width = (string?)svg.Attribute("width") ?? "600";
        var height = (string?)svg.Attribute("height") ?? "300";
        svg.Attribute("width")?.Remove();
        svg.Attribute("height")?.Remove();
        svg.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        svg.SetAttributeValue("role", "img");
        svg.SetAttributeValue("aria-label", label);
        svg.SetAttributeValue("class", "chart");
        foreach (var element in svg.DescendantsAndSelf())
        {
            Unstyle(element);
            Round(element);
            if (element.Attribute("font-size") is { } size && double.TryParse(size.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var points))
            {
                size.Value = (points * fontScale).ToString("0.##", CultureInfo.InvariantCulture);
            }

            if (element.Attribute("id") is { } id)
            {
                id.Value = $"{chartId}-{id.Value}";
            }

            foreach (var attribute in element.Attributes().Where(a => a.Value.Contains("url(#", StringComparison.Ordinal)))
            {
                attribute.Value = attribute.Value.Replace("url(#", $"url(#{chartId}-", StringComparison.Ordinal);
            }
        }

        return svg.ToString(SaveOptions.DisableFormatting);
    }

    // OxyPlot writes coordinates to four decimals; a tenth of a pixel draws the same and makes a smaller page to parse.
    [System.Text.RegularExpressions.GeneratedRegex(@"(\d+\.\d)\d+")]
    private static partial System.Text.RegularExpressions.Regex Decimals();

    private static void Round(XElement element)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.Name.LocalName is "points" or "d" or "x" or "y" or "width" or "height" or "cx" or "cy" or "rx" or "ry" or "transform" or "x1" or "x2" or "y1" or "y2")
            {
                attribute.Value = Decimals().Replace(attribute.Value, "$1");
            }
        }
    }

    private static void Unstyle(XElement element)
    {
        if (element.Attribute("style") is not { } style)
        {
            return;
        }

        style.Remove();
        foreach (var declaration in style.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = declaration.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                element.SetAttributeValue(declaration[..colon].Trim(), declaration[(colon + 1)..].Trim());
            }
        }
    }
}
