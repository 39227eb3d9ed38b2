using System.Globalization;
using System.Text;
using System.Xml;

namespace HdCluster.Reports.Charts;

/// <summary>
/// The one place SVG is written. Built on <see cref="XmlWriter"/>, so the output is always well-formed and
/// every text and attribute escaped; numbers are written invariantly with two decimals at most. Elements are
/// opened with <see cref="Start"/>, given attributes through the returned <see cref="SvgElement"/>, and closed
/// with <see cref="End"/>; the shape helpers do all three.
/// </summary>
public sealed class SvgWriter : IDisposable
{
    public const string Namespace = "http://www.w3.org/2000/svg";
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private readonly XmlWriter xml;
    private int depth;
    private bool closed;

    public SvgWriter(TextWriter output, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(output);
        xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, IndentChars = " ", OmitXmlDeclaration = false, CloseOutput = false });
        xml.WriteStartElement("svg", Namespace);
        new SvgElement(xml)
            .Attr("version", "1.1")
            .Attr("width", width)
            .Attr("height", height)
            .Attr("viewBox", $"0 0 {Number(width)} {Number(height)}")
            .Attr("font-family", FontFamily);
    }

    /// <summary>A number as SVG wants it: invariant, at most two decimals, no exponent.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"SVG cannot hold the number {value}.", nameof(value));
        }

        var rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Opens an element; set its attributes on the result before writing any child.</summary>
    public SvgElement Start(string name)
    {
        xml.WriteStartElement(name, Namespace);
        depth++;
        return new SvgElement(xml);
    }

    public void End()
    {
        if (depth == 0)
        {
            throw new InvalidOperationException("No element is open.");
        }

        xml.WriteEndElement();
        depth--;
    }

    /// <summary>Opens a group with a CSS class (the report's tests and readers find parts of a figure by it).</summary>
    public SvgElement Group(string? cssClass = null)
    {
        var group = Start("g");
        return cssClass is null ? group : group.Attr("class", cssClass);
    }

    public SvgElement Rect(double x, double y, double width, double height, string fill, string? stroke = null, double strokeWidth = 1)
    {
        var rect = Start("rect").Attr("x", x).Attr("y", y).Attr("width", Math.Max(width, 0)).Attr("height", Math.Max(height, 0)).Attr("fill", fill);
        if (stroke is not null)
        {
            rect.Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
        }

        return rect;
    }

    public SvgElement Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dashArray = null)
    {
        var line = Start("line").Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2).Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
        return dashArray is null ? line : line.Attr("stroke-dasharray", dashArray);
    }

    public SvgElement Path(PathData data, string stroke, double strokeWidth, string fill = "none", string? dashArray = null)
    {
        var path = Start("path").Attr("d", data.ToString()).Attr("fill", fill).Attr("stroke", stroke).Attr("stroke-width", strokeWidth)
            .Attr("stroke-linejoin", "round").Attr("stroke-linecap", dashArray is null ? "round" : "butt");
        return dashArray is null ? path : path.Attr("stroke-dasharray", dashArray);
    }

    public SvgElement Circle(double cx, double cy, double r, string fill, string? stroke = null, double strokeWidth = 1)
    {
        var circle = Start("circle").Attr("cx", cx).Attr("cy", cy).Attr("r", r).Attr("fill", fill);
        return stroke is null ? circle : circle.Attr("stroke", stroke).Attr("stroke-width", strokeWidth);
    }

    /// <summary>Writes a text element, closed. <paramref name="rotate"/> turns it about its anchor (degrees, clockwise).</summary>
    public void Text(double x, double y, string text, TextStyle style, string? cssClass = null, double rotate = 0, params (string Name, string Value)[] data)
    {
        var element = Start("text").Attr("x", x).Attr("y", y).Attr("font-size", style.Size);
        if (cssClass is not null)
        {
            element.Attr("class", cssClass);
        }

        if (style.Anchor != TextAnchor.Start)
        {
            element.Attr("text-anchor", style.Anchor == TextAnchor.Middle ? "middle" : "end");
        }

        if (style.Bold)
        {
            element.Attr("font-weight", "bold");
        }

        if (style.Color != Color.Black)
        {
            element.Attr("fill", style.Color.Hex);
        }

        if (rotate != 0)
        {
            element.Attr("transform", $"rotate({Number(rotate)} {Number(x)} {Number(y)})");
        }

        foreach (var (name, value) in data)
        {
            element.Data(name, value);
        }

        xml.WriteString(text);
        End();
    }

    /// <summary>A &lt;title&gt; child: the tooltip a browser shows over the enclosing element.</summary>
    public void Title(string text)
    {
        Start("title");
        xml.WriteString(text);
        End();
    }

    public void Dispose()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        while (depth > 0)
        {
            End();
        }

        xml.WriteEndElement();
        xml.Flush();
        xml.Dispose();
    }

    /// <summary>Renders into a string, for callers that want the document whole.</summary>
    public static string ToText(double width, double height, Action<SvgWriter> draw)
    {
        var text = new Utf8StringWriter();
        using (var svg = new SvgWriter(text, width, height))
        {
            draw(svg);
        }

        return text.ToString();
    }

    // XmlWriter declares the encoding of its TextWriter; files are written as UTF-8, so say so.
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
