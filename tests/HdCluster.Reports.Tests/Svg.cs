using System.Globalization;
using System.Xml.Linq;
using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests;

/// <summary>Reads a rendered figure back as XML, finding its parts by the classes and data attributes the renderer writes.</summary>
internal sealed class Svg
{
    public static readonly XNamespace Ns = SvgWriter.Namespace;

    private Svg(XDocument document) => Document = document;

    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    public static Svg Parse(string text) => new(XDocument.Parse(text));

    public static Svg Render(Figure figure) => Parse(FigureRenderer.Render(figure));

    public static Svg Load(string path) => new(XDocument.Load(path));

    /// <summary>Elements whose class list contains every one of <paramref name="classes"/>.</summary>
    public static IEnumerable<XElement> WithClass(XElement scope, params string[] classes) =>
        scope.Descendants().Where(e => e.Attribute("class")?.Value.Split(' ') is { } list && classes.All(list.Contains));

    public IEnumerable<XElement> WithClass(params string[] classes) => WithClass(Root, classes);

    /// <summary>The panel with this title.</summary>
    public XElement Panel(string title) =>
        WithClass("axes").SingleOrDefault(a => a.Attribute("data-title")?.Value == title)
        ?? throw new Xunit.Sdk.XunitException($"No panel '{title}'; panels: {string.Join(", ", PanelTitles)}");

    public IEnumerable<string> PanelTitles => WithClass("axes").Select(a => a.Attribute("data-title")!.Value);

    public IEnumerable<string> LegendLabels => WithClass("legend-entry").Select(e => e.Attribute("data-label")!.Value);

    public XElement LegendEntry(string label) => WithClass("legend-entry").Single(e => e.Attribute("data-label")!.Value == label);

    public static XElement Axis(XElement panel, string which) => WithClass(panel, "axis", which).Single();

    public static IEnumerable<XElement> Lines(XElement panel) => WithClass(panel, "series", "line");

    public static XElement Line(XElement panel, string label) => Lines(panel).Single(l => l.Attribute("data-label")!.Value == label);

    /// <summary>The labels of the labelled ticks of an axis, in order.</summary>
    public static string[] TickLabels(XElement axis) => WithClass(axis, "tick-label").Select(t => t.Value).ToArray();

    public static double Data(XElement element, string name) =>
        double.Parse(element.Attribute("data-" + name)!.Value, CultureInfo.InvariantCulture);

    public static string Attr(XElement element, string name) => element.Attribute(name)?.Value ?? "";
}
