namespace HdCluster.Optim.Tests.Support;

/// <summary>Comparisons of hand-computed float64 values with the optimizer's: both follow the same formula,
/// so they agree to a few rounding errors; a wrong formula is off by orders of magnitude more.</summary>
internal static class Expect
{
    public const double Tolerance = 1e-12;

    public static void Close(double expected, double actual, string what = "value")
    {
        Assert.True(
            Math.Abs(expected - actual) <= Tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");
    }

    public static void Close(double[] expected, double[] actual, string what = "parameter")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], $"{what}[{i}]");
        }
    }
}
