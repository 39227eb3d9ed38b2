using System.Xml;

namespace HdCluster.Reports.Html;

/// <summary>
/// Writes an HTML5 page through <see cref="XmlWriter"/>, so all text and attributes are escaped. Non-void
/// elements always get an end tag (HTML has no &lt;div /&gt;); void ones (img, meta, br) never do.
/// </summary>
public sealed class HtmlWriter : IDisposable
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "meta", "img", "br", "hr", "link", "col" };

    private readonly XmlWriter xml;
    private readonly Stack<string> open = new();

    public HtmlWriter(TextWriter output)
    {
        xml = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = " ", CloseOutput = false });
        xml.WriteDocType("html", null, null, null);
    }

    /// <summary>Opens an element; attributes are (name, value) pairs, null values left out.</summary>
    public HtmlWriter Start(string element, params (string Name, string? Value)[] attributes)
    {
        xml.WriteStartElement(element);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                xml.WriteAttributeString(name, value);
            }
        }

        open.Push(element);
        if (VoidElements.Contains(element))
        {
            End();
        }

        return this;
    }

    public HtmlWriter End()
    {
        var element = open.Pop();
        if (VoidElements.Contains(element))
        {
            xml.WriteEndElement();
        }
        else
        {
            xml.WriteFullEndElement();
        }

        return this;
    }

    public HtmlWriter Text(string text)
    {
        xml.WriteString(text);
        return this;
    }

    /// <summary>An element holding only text: &lt;td&gt;0.31&lt;/td&gt;.</summary>
    public HtmlWriter Element(string element, string text, params (string Name, string? Value)[] attributes)
    {
        Start(element, attributes);
        xml.WriteString(text);
        return End();
    }

    /// <summary>A style sheet, written verbatim (CSS is not HTML text: its '&gt;' must stay as it is). Only constants belong here.</summary>
    public HtmlWriter Style(string css)
    {
        xml.WriteStartElement("style");
        xml.WriteRaw(css);
        xml.WriteFullEndElement();
        return this;
    }

    public void Dispose()
    {
        while (open.Count > 0)
        {
            End();
        }

        xml.Flush();
        xml.Dispose();
    }
}
