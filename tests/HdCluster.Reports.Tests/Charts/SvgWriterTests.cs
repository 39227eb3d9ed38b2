using System.Xml.Linq;
using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class SvgWriterTests
{
    [Fact]
    public void Text_and_attributes_are_escaped()
    {
        var text = SvgWriter.ToText(100, 50, svg =>
        {
            svg.Group("series").Data("label", "a<b & \"c\"");
            svg.Text(1, 2, "x < y & z", TextStyle.Small());
            svg.End();
        });

        var document = XDocument.Parse(text);
        var group = document.Descendants(Svg.Ns + "g").Single();
        Assert.Equal("a<b & \"c\"", group.Attribute("data-label")!.Value);
        Assert.Equal("x < y & z", group.Element(Svg.Ns + "text")!.Value);
    }

    [Fact]
    public void The_document_is_svg_of_the_given_size()
    {
        var root = XDocument.Parse(SvgWriter.ToText(640.5, 480, _ => { })).Root!;

        Assert.Equal(Svg.Ns + "svg", root.Name);
        Assert.Equal("640.5", root.Attribute("width")!.Value);
        Assert.Equal("0 0 640.5 480", root.Attribute("viewBox")!.Value);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.234567, "1.23")]
    [InlineData(-0.001, "0")]
    [InlineData(12345.5, "12345.5")]
    public void Numbers_are_invariant_with_at_most_two_decimals(double value, string expected) =>
        Assert.Equal(expected, SvgWriter.Number(value));

    [Fact]
    public void Non_finite_numbers_are_refused_rather_than_written()
    {
        Assert.Throws<ArgumentException>(() => SvgWriter.Number(double.NaN));
    }

    [Fact]
    public void Elements_left_open_are_closed_on_dispose()
    {
        var text = SvgWriter.ToText(10, 10, svg =>
        {
            svg.Group("outer");
            svg.Group("inner");
        });

        Assert.Equal(2, XDocument.Parse(text).Descendants(Svg.Ns + "g").Count());
    }

    [Fact]
    public void Ending_more_elements_than_were_started_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => SvgWriter.ToText(10, 10, svg => svg.End()));
    }
}
