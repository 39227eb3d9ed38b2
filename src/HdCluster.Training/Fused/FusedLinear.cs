using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// <c>nn.Linear</c> for K cells at once: the weight is <c>[K, out, in]</c> and the bias <c>[K, out]</c>, slice k
/// being cell k's layer. Named <c>weight</c> and <c>bias</c> like the per-cell layer, so records and divergence
/// messages read the same.
/// </summary>
public sealed class FusedLinear : torch.nn.Module
{
    public FusedLinear(Tensor weight, Tensor bias)
    {
        if (weight.dim() != 3 || bias.dim() != 2 || bias.size(0) != weight.size(0) || bias.size(1) != weight.size(1))
        {
            throw new ArgumentException($"a fused linear layer needs a [K, out, in] weight and a [K, out] bias, got {weight.Describe()} and {bias.Describe()}");
        }

        Weight = RegisterParameter("weight", weight);
        Bias = RegisterParameter("bias", bias);
    }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    /// <summary>Each cell's own inputs: <c>[K, B, in]</c> to <c>[K, B, out]</c>, one batched matrix product.</summary>
    public Tensor forward(Tensor x) => x.matmul(Weight.Value.transpose(1, 2)).add(Bias.Value.unsqueeze(1));

    /// <summary>
    /// One input shared by every cell (cells with the same data order): <c>[B, in]</c> to <c>[K, B, out]</c>. The
    /// cells' layers are stacked into one <c>nn.Linear</c> with K*out outputs, so the whole group is a single matrix
    /// product with the bias added inside it, the very operation <c>nn.Linear</c> runs for one cell, only wider; its
    /// weight gradient comes out in the parameter's own layout.
    /// </summary>
    public Tensor forwardShared(Tensor x)
    {
        var w = Weight.Value;
        var (cells, outputs, inputs) = (w.size(0), w.size(1), w.size(2));
        var y = torch.nn.functional.linear(x, w.reshape(cells * outputs, inputs), Bias.Value.reshape(cells * outputs));
        return y.view(x.size(0), cells, outputs).transpose(0, 1);
    }
}
