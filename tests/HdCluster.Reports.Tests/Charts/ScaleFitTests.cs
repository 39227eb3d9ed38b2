using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class ScaleFitTests
{
    [Fact]
    public void Auto_turns_logarithmic_when_positive_data_spans_decades()
    {
        Assert.Equal(ScaleKind.Log, Scale.Fit(ScaleKind.Auto, [2.3, 0.01, 0.5]).Kind);
        Assert.Equal(ScaleKind.Linear, Scale.Fit(ScaleKind.Auto, [2.3, 0.3, 0.5]).Kind);
    }

    [Fact]
    public void Auto_stays_linear_when_any_value_is_zero_or_negative()
    {
        // A learning rate driven below zero by hypergradients must still be drawn.
        Assert.Equal(ScaleKind.Linear, Scale.Fit(ScaleKind.Auto, [0.01, 1e-5, -1e-4]).Kind);
    }

    [Fact]
    public void Non_finite_values_are_ignored()
    {
        var scale = Scale.Fit(ScaleKind.Linear, [double.NaN, 1, double.PositiveInfinity, 3]);

        Assert.Equal(1, scale.Min);
        Assert.Equal(3, scale.Max);
    }

    [Fact]
    public void Bars_keep_zero_on_a_linear_axis()
    {
        Assert.Equal(0, Scale.Fit(ScaleKind.Linear, [0.3, 0.7], includeZero: true).Min);
    }

    [Fact]
    public void A_tight_axis_ends_at_the_data()
    {
        var scale = Scale.Fit(ScaleKind.Linear, [10, 930], tight: true);

        Assert.Equal(10, scale.Min);
        Assert.Equal(930, scale.Max);
    }

    [Fact]
    public void Given_limits_win_over_the_data()
    {
        var scale = Scale.Fit(ScaleKind.Linear, [0.2, 0.8], min: 0, max: 1);

        Assert.Equal(0, scale.Min);
        Assert.Equal(1, scale.Max);
    }

    [Fact]
    public void No_data_gives_a_unit_axis()
    {
        var scale = Scale.Fit(ScaleKind.Auto, []);

        Assert.Equal(ScaleKind.Linear, scale.Kind);
        Assert.Equal(0, scale.Min);
        Assert.Equal(1, scale.Max);
    }
}
