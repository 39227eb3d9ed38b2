using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary><c>nn.Linear</c>: y = x W^T + b, with PyTorch's default initialisation.</summary>
public sealed class Linear : torch.nn.Module
{
    public Linear(long inFeatures, long outFeatures, Generator generator, ScalarType dtype = ScalarType.Float32, bool bias = true)
    {
        var bound = Init.DefaultBound(inFeatures);
        Weight = RegisterParameter("weight", Init.Uniform([outFeatures, inFeatures], bound, generator, dtype));
        Bias = bias ? RegisterParameter("bias", Init.Uniform([outFeatures], bound, generator, dtype)) : null;
    }

    public Parameter Weight { get; }

    public Parameter? Bias { get; }

    public Tensor forward(Tensor x) => torch.nn.functional.linear(x, Weight.Value, Bias?.Value);
}
