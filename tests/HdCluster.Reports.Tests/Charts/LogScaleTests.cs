using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class LogScaleTests
{
    [Fact]
    public void Data_spanning_decades_gets_whole_decade_limits_labelled_as_powers_of_ten()
    {
        var scale = LogScale.Nice(2e-6, 0.08);

        Assert.Equal(1e-6, scale.Min, 15);
        Assert.Equal(0.1, scale.Max, 12);
        Assert.Equal(["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹"], scale.Ticks.Where(t => t.Major).Select(t => t.Label));
    }

    [Fact]
    public void Decades_sit_evenly_along_the_axis()
    {
        var scale = LogScale.Nice(1e-4, 1);

        Assert.Equal([0, 0.25, 0.5, 0.75, 1], scale.Ticks.Where(t => t.Major).Select(t => Math.Round(scale.Fraction(t.Value), 9)));
    }

    [Fact]
    public void Minor_ticks_between_decades_are_unlabelled()
    {
        var scale = LogScale.Nice(1e-3, 1);
        var minor = scale.Ticks.Where(t => !t.Major).ToArray();

        Assert.Equal(3 * 8, minor.Length);
        Assert.All(minor, t => Assert.Equal("", t.Label));
        Assert.Contains(minor, t => Math.Abs(t.Value - 0.02) < 1e-12);
    }

    [Fact]
    public void Many_decades_are_thinned_to_at_most_seven_labels()
    {
        var scale = LogScale.Nice(1e-20, 1);
        var labelled = scale.Ticks.Where(t => t.Major).ToArray();

        Assert.InRange(labelled.Length, 2, 7);
        Assert.Equal("10⁻²⁰", labelled[0].Label);
    }

    [Fact]
    public void Less_than_a_decade_is_ticked_at_one_two_and_five()
    {
        var scale = LogScale.Nice(0.09, 2.3);

        Assert.Equal(0.05, scale.Min, 12);
        Assert.Equal(5, scale.Max, 12);
        Assert.Equal(["0.05", "0.1", "0.2", "0.5", "1", "2", "5"], scale.Ticks.Where(t => t.Major).Select(t => t.Label));
    }

    [Fact]
    public void Padding_gives_data_on_a_decade_the_next_round_value()
    {
        var scale = LogScale.Nice(1e-3, 0.045, pad: true);

        Assert.Equal(5e-4, scale.Min, 15);
        Assert.True(scale.Contains(1e-3));
    }

    [Fact]
    public void Values_at_or_below_zero_have_no_place()
    {
        var scale = LogScale.Nice(0.01, 1);

        Assert.True(double.IsNaN(scale.Fraction(0)));
        Assert.True(double.IsNaN(scale.Fraction(-1)));
    }

    [Fact]
    public void Non_positive_limits_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LogScale.Between(0, 1));

        Assert.Contains("positive", error.Message);
    }
}
