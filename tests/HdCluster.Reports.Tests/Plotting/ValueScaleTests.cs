using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Tests.Plotting;

public sealed class ValueScaleTests
{
    [Fact]
    public void Lines_that_end_far_apart_keep_a_linear_axis_over_all_the_data()
    {
        var scale = ValueScale.For([[2.3, 1.0, 0.3], [2.3, 1.8, 1.6]]);

        Assert.Equal(new ValueScale(ScaleKind.Linear, 0.3, 2.3), scale);
        Assert.Null(scale.Describe());
    }

    [Fact]
    public void Positive_values_over_decades_get_a_log_axis_drawn_in_log10()
    {
        var scale = ValueScale.For([[1.0, 0.1, 0.01]]);

        Assert.Equal(ScaleKind.Log, scale.Kind);
        Assert.Equal(-2, scale.Map(0.01), 12);
        Assert.True(double.IsNaN(scale.Map(0)));
        Assert.Equal("logarithmic", scale.Describe());
    }

    [Fact]
    public void End_points_squashed_on_a_linear_axis_are_spread_by_a_log_axis_where_that_suffices()
    {
        // Ends 0.05 and 0.1 on 0.05..1: 5 % of the axis apart linearly, log(2) / log(20) = 23 % on a log axis: log suffices.
        // Ends 0.05 and 0.08 on 0.05..1.2: log(1.6) / log(24) = 15 % on a log axis, still squashed: zoomed.
        Assert.Equal(ScaleKind.Log, ValueScale.For([[1.0, 0.2, 0.05], [1.0, 0.3, 0.1]]).Kind);
        Assert.Equal(ScaleKind.Zoomed, ValueScale.For([[1.2, 0.3, 0.05], [1.2, 0.4, 0.08]]).Kind);
    }

    [Fact]
    public void A_zoomed_axis_shows_the_end_points_a_fifth_of_it_apart_or_more()
    {
        var scale = ValueScale.For([[2.5, 1.0, 0.28], [2.4, 1.1, 0.34], [2.45, 1.2, 0.31]]);
        var (bottom, top) = scale.Limits;

        Assert.Equal(ScaleKind.Zoomed, scale.Kind);
        Assert.True((0.34 - 0.28) / (top - bottom) >= 0.2, $"{bottom}..{top}");
        Assert.InRange(0.28, bottom, top);
        Assert.InRange(0.34, bottom, top);
        Assert.Contains("zoomed to 0.28–", scale.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Noisy_lines_are_judged_by_their_last_tenth_not_their_last_value()
    {
        // Minibatch losses jumping between 2.28 and 2.30 from the start: nothing to zoom onto, though their last values are close.
        double[] Noisy(double last) => [.. Enumerable.Range(0, 99).Select(i => i % 2 == 0 ? 2.28 : 2.30), last];

        Assert.Equal(ScaleKind.Linear, ValueScale.For([Noisy(2.285), Noisy(2.286)]).Kind);
    }

    [Fact]
    public void A_log_axis_within_a_decade_or_two_is_ticked_at_1_2_and_5_times_powers_of_ten()
    {
        var plot = new ScottPlot.Plot();
        plot.Axes.SetLimitsY(Math.Log10(0.2), Math.Log10(3));
        plot.Axes.Left.TickGenerator = ValueScale.LogTicks(Math.Log10(0.2), Math.Log10(3));
        plot.RenderInMemory(400, 300);
        var ticks = plot.Axes.Left.TickGenerator.Ticks;

        Assert.Equal(["0.2", "0.5", "1", "2"], ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label));
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(0.3)) < 1e-12);
    }

    [Fact]
    public void A_constant_gets_limits_a_tenth_of_its_size_either_side()
    {
        var (bottom, top) = ValueScale.For([[2e-5, 2e-5]]).Limits;

        Assert.Equal(1.8e-5, bottom, 12);
        Assert.Equal(2.2e-5, top, 12);
    }

    [Fact]
    public void No_data_gives_a_plain_unit_axis()
    {
        Assert.Equal(ValueScale.Linear(0, 1), ValueScale.For([[double.NaN], []]));
    }
}
