using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class PixelDecimatorTests
{
    [Fact]
    public void Many_points_per_pixel_column_shrink_to_at_most_four()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => (X: i / 100.0, Y: Math.Sin(i))).ToArray();

        var thin = PixelDecimator.Thin(points);

        Assert.InRange(thin.Count, 100, 400);
    }

    [Fact]
    public void Spikes_and_ends_survive()
    {
        var points = Enumerable.Range(0, 1000).Select(i => (X: i / 100.0, Y: i == 537 ? 99.0 : i == 212 ? -99.0 : 1.0)).ToArray();

        var thin = PixelDecimator.Thin(points);

        Assert.Contains((5.37, 99.0), thin);
        Assert.Contains((2.12, -99.0), thin);
        Assert.Equal(points[0], thin[0]);
        Assert.Equal(points[^1], thin[^1]);
    }
}
