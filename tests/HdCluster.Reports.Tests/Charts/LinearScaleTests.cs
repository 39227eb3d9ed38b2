using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class LinearScaleTests
{
    [Fact]
    public void Limits_widen_to_the_round_ticks_around_the_data()
    {
        var scale = LinearScale.Nice(0.28, 2.26);

        Assert.Equal(0, scale.Min);
        Assert.Equal(2.5, scale.Max);
        Assert.Equal(["0", "0.5", "1.0", "1.5", "2.0", "2.5"], scale.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void Tick_labels_have_as_many_decimals_as_the_step_needs()
    {
        var scale = LinearScale.Nice(0.1, 0.1027);

        Assert.Equal(0.0005, scale.Step, 12);
        Assert.All(scale.Ticks, t => Assert.Equal(6, t.Label.Length));
        Assert.Contains("0.1005", scale.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void Steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten()
    {
        Assert.Equal(0.2, LinearScale.NiceStep(0.19), 12);
        Assert.Equal(2.5, LinearScale.NiceStep(2.9), 12);
        Assert.Equal(50, LinearScale.NiceStep(61), 12);
        Assert.Equal(100, LinearScale.NiceStep(80), 12);
    }

    [Fact]
    public void Whole_number_axes_never_tick_between_whole_numbers()
    {
        var epochs = LinearScale.Nice(0, 2, minStep: 1);
        var iterations = LinearScale.Between(0, 16, minStep: 1);

        Assert.Equal(["0", "1", "2"], epochs.Ticks.Select(t => t.Label));
        Assert.All(iterations.Ticks, t => Assert.Equal(Math.Round(t.Value), t.Value));
    }

    [Fact]
    public void Tiny_values_are_labelled_as_plain_numbers_with_one_power_of_ten_for_the_axis()
    {
        var scale = LinearScale.Nice(3.33e-4, 3.51e-4);

        Assert.Equal("×10⁻⁴", scale.Multiplier);
        Assert.Contains("3.40", scale.Ticks.Select(t => t.Label));
    }

    [Fact]
    public void An_empty_range_is_opened_around_its_value()
    {
        var scale = LinearScale.Nice(2.5e-4, 2.5e-4);

        Assert.True(scale.Min < 2.5e-4 && scale.Max > 2.5e-4);
        Assert.InRange(scale.Fraction(2.5e-4), 0.4, 0.6);
    }

    [Fact]
    public void Padding_keeps_a_constant_line_on_a_round_value_off_the_frame()
    {
        var plain = LinearScale.Nice(0.1, 0.1026);
        var padded = LinearScale.Nice(0.10000000149011612, 0.1026, pad: true);

        Assert.Equal(0.1, plain.Min, 12);
        Assert.True(padded.Min < 0.1);
        Assert.True(padded.Max > 0.1026);
    }

    [Fact]
    public void Padding_does_not_push_an_axis_below_zero()
    {
        Assert.Equal(0, LinearScale.Nice(0, 0.7, pad: true).Min);
    }

    [Fact]
    public void Fraction_is_zero_at_the_minimum_and_one_at_the_maximum()
    {
        var scale = LinearScale.Between(2, 6);

        Assert.Equal(0, scale.Fraction(2));
        Assert.Equal(0.5, scale.Fraction(4));
        Assert.Equal(1, scale.Fraction(6));
        Assert.True(double.IsNaN(scale.Fraction(double.NaN)));
    }
}
