namespace HdCluster.Reports.Charts;

/// <summary>
/// Fits the scales of an <see cref="Axes"/> to what it holds: categories where given, else its series' values.
/// The y axis leaves room beyond data on a round limit (a constant learning rate must not vanish into the frame);
/// the x axis ends where the data does (the last epoch is the edge).
/// </summary>
public static class AxesScales
{
    public static Scale X(Axes axes) =>
        axes.X.Categories is { } categories
            ? new CategoryScale(categories)
            : Scale.Fit(axes.X.Scale, axes.Series.SelectMany(s => s.XValues), axes.X.Min, axes.X.Max, minStep: axes.X.IntegerTicks ? 1 : 0, tight: true);

    public static Scale Y(Axes axes)
    {
        if (axes.Y.Categories is { } categories)
        {
            return new CategoryScale(categories);
        }

        var values = axes.Series.SelectMany(s => s.YValues).ToArray();
        var bars = axes.Series.OfType<BarSeries>().Any();
        return Scale.Fit(Scale.Resolve(axes.Y.Scale, values), values, axes.Y.Min, axes.Y.Max, includeZero: bars, minStep: axes.Y.IntegerTicks ? 1 : 0, pad: true);
    }
}
