using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class ColorMapTests
{
    [Fact]
    public void Viridis_runs_from_dark_purple_to_yellow()
    {
        Assert.Equal("#440154", ColorMap.Viridis.At(0).Hex);
        Assert.Equal("#21918c", ColorMap.Viridis.At(0.5).Hex);
        Assert.Equal("#fde725", ColorMap.Viridis.At(1).Hex);
    }

    [Fact]
    public void Positions_outside_the_map_are_clamped()
    {
        Assert.Equal(ColorMap.Viridis.At(0), ColorMap.Viridis.At(-3));
        Assert.Equal(ColorMap.Viridis.At(1), ColorMap.Viridis.At(7));
    }

    [Fact]
    public void Colours_grow_lighter_along_the_map()
    {
        var luminance = Enumerable.Range(0, 11).Select(i => ColorMap.Viridis.At(i / 10.0).Luminance).ToArray();

        Assert.Equal(luminance.Order(), luminance);
    }

    [Fact]
    public void Palette_colours_are_distinct_and_cycle()
    {
        Assert.Equal(Palette.Count, Enumerable.Range(0, Palette.Count).Select(Palette.At).Distinct().Count());
        Assert.Equal(Palette.At(0), Palette.At(Palette.Count));
    }
}
