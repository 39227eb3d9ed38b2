using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class TickFormatTests
{
    [Theory]
    [InlineData(-3, "10⁻³")]
    [InlineData(0, "10⁰")]
    [InlineData(12, "10¹²")]
    public void Decades_are_ten_with_a_superscript_exponent(int exponent, string expected) =>
        Assert.Equal(expected, TickFormat.Decade(exponent));

    [Theory]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0123456, "0.0123")]
    [InlineData(1.5, "1.5")]
    [InlineData(250, "250")]
    [InlineData(1e-6, "10⁻⁶")]
    [InlineData(2.5e-5, "2.5×10⁻⁵")]
    [InlineData(1e-7, "10⁻⁷")]
    [InlineData(0, "0")]
    public void Compact_numbers_are_short_and_exact_where_round(double value, string expected) =>
        Assert.Equal(expected, TickFormat.Compact(value));

    [Fact]
    public void Linear_ticks_print_no_more_decimals_than_the_step()
    {
        Assert.Equal("0.50", TickFormat.Linear(0.5, 0.25));
        Assert.Equal("200", TickFormat.Linear(200, 50));
        Assert.Equal("0", TickFormat.Linear(1e-17, 0.1));
    }

    [Fact]
    public void Side_by_side_powers_of_ten_all_read_as_decades()
    {
        Assert.Equal(["10⁻⁴", "10⁻²", "10⁻¹"], TickFormat.Categories([1e-4, 0.01, 0.1]));
        Assert.Equal(["10⁻⁴", "0.05"], TickFormat.Categories([1e-4, 0.05]));
    }
}
