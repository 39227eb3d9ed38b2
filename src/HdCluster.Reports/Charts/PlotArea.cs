namespace HdCluster.Reports.Charts;

/// <summary>The pixel rectangle data is drawn in, with the scales that map data into it (y grows upwards).</summary>
public sealed record PlotArea(double Left, double Top, double Width, double Height, Scale X, Scale Y)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;

    /// <summary>The pixel column of <paramref name="x"/>; NaN where the scale cannot place it.</summary>
    public double PixelX(double x) => Left + (X.Fraction(x) * Width);

    /// <summary>The pixel row of <paramref name="y"/> (+∞ on the top edge, -∞ on the bottom); NaN where the scale cannot place it.</summary>
    public double PixelY(double y) => y switch
    {
        double.PositiveInfinity => Top,
        double.NegativeInfinity => Bottom,
        _ => Bottom - (Y.Fraction(y) * Height),
    };
}
