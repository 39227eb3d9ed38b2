namespace HdCluster.Torch.Tests;

/// <summary>Seeded float64 inputs for gradient checks, some shaped to stay clear of the kinks of
/// relu, abs, sign, clamp, max and pooling (where a derivative does not exist).</summary>
internal static class TestInputs
{
    public static Tensor Randn(Generator g, params long[] shape) => torch.randn(shape, g, ScalarType.Float64);

    /// <summary>Uniform in [low, high).</summary>
    public static Tensor Uniform(Generator g, double low, double high, params long[] shape) =>
        torch.rand(shape, g, ScalarType.Float64).mul(high - low).add(low);

    /// <summary>
    /// Distinct values (k + 1/2) * spacing for k = -n/2 .. n/2 - 1, shuffled, each moved by at most spacing/10:
    /// no two values are within 0.8 * spacing of each other and none is within 0.4 * spacing of a multiple
    /// of <paramref name="spacing"/>, so ties (max, pooling) and kinks at such multiples (0 for relu, abs,
    /// sign; clamp bounds chosen on the grid) are far beyond a finite-difference step.
    /// </summary>
    public static Tensor Spread(Generator g, double spacing, params long[] shape)
    {
        long n = 1;
        foreach (var s in shape)
        {
            n *= s;
        }

        var permutation = torch.randperm(n, g).data<long>();
        var jitter = torch.rand([n], g, ScalarType.Float64).data<double>();
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (permutation[i] - n / 2 + 0.5 + (jitter[i] - 0.5) * 0.2) * spacing;
        }

        return torch.tensor(values, shape);
    }
}
