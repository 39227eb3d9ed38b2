using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary><c>nn.Conv2d</c> with square kernels, weight [out, in/groups, k, k], and PyTorch's default
/// initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, fan_in = in/groups*k*k.</summary>
public sealed class Conv2d : torch.nn.Module
{
    public Conv2d(
        long inChannels,
        long outChannels,
        long kernelSize,
        Generator generator,
        ScalarType dtype = ScalarType.Float32,
        long stride = 1,
        long padding = 0,
        long groups = 1,
        bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{inChannels} input and {outChannels} output channels do not split into {groups} groups", nameof(groups));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Groups = groups;
        var bound = Init.DefaultBound(FanIn);
        Weight = RegisterParameter("weight", Init.Uniform([outChannels, inChannels / groups, kernelSize, kernelSize], bound, generator, dtype));
        Bias = bias ? RegisterParameter("bias", Init.Uniform([outChannels], bound, generator, dtype)) : null;
    }

    public long InChannels { get; }

    public long OutChannels { get; }

    public long KernelSize { get; }

    public long Stride { get; }

    public long Padding { get; }

    public long Groups { get; }

    /// <summary>Inputs feeding one output element: in/groups * k * k.</summary>
    public long FanIn => InChannels / Groups * KernelSize * KernelSize;

    public Parameter Weight { get; }

    public Parameter? Bias { get; }

    public Tensor forward(Tensor x) =>
        torch.nn.functional.conv2d(x, Weight.Value, Bias?.Value, Stride, Padding, groups: Groups);
}
