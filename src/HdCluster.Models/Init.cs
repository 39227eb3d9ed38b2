using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary>PyTorch's default initialisations, drawn from a caller's generator so each cell is reproducible.</summary>
public static class Init
{
    /// <summary>U(-bound, bound).</summary>
    public static Tensor Uniform(long[] shape, double bound, Generator generator, ScalarType dtype)
    {
        using var unit = torch.rand(shape, generator, dtype);
        return (unit * (2 * bound)) - bound;
    }

    /// <summary>nn.Linear / nn.Conv2d default: kaiming_uniform(a=sqrt(5)) on the weight, which is
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for the bias.</summary>
    public static double DefaultBound(long fanIn) => fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;

    public static Tensor Normal(long[] shape, double std, Generator generator, ScalarType dtype)
    {
        using var unit = torch.randn(shape, generator, dtype);
        return unit * std;
    }

    /// <summary>kaiming_normal_ in its default mode (fan_in, gain sqrt(2) for ReLU): N(0, sqrt(2/fan_in)).</summary>
    public static Tensor KaimingNormal(long[] shape, long fanIn, Generator generator, ScalarType dtype) =>
        Normal(shape, Math.Sqrt(2.0 / fanIn), generator, dtype);
}
