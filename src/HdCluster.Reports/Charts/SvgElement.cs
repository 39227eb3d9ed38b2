using System.Xml;

namespace HdCluster.Reports.Charts;

/// <summary>
/// An element just opened by <see cref="SvgWriter.Start"/>: its attributes are written through this handle,
/// before any child content, which is the only order XML allows.
/// </summary>
public readonly struct SvgElement
{
    private readonly XmlWriter xml;

    internal SvgElement(XmlWriter xml) => this.xml = xml;

    public SvgElement Attr(string name, string value)
    {
        xml.WriteAttributeString(name, value);
        return this;
    }

    public SvgElement Attr(string name, double value) => Attr(name, SvgWriter.Number(value));

    /// <summary>A <c>data-</c> attribute: what the figure means (series label, axis limits), for tests and scripts that read the SVG.</summary>
    public SvgElement Data(string name, string value) => Attr("data-" + name, value);

    /// <summary>A data attribute holding a number at full precision (round-trip form).</summary>
    public SvgElement Data(string name, double value) =>
        Attr("data-" + name, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
}
