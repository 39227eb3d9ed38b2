using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary>A trainable network: a forward pass and the loss the papers pair it with.</summary>
public abstract class Model : torch.nn.Module
{
    public abstract Tensor forward(Tensor input);

    /// <summary>The training loss of <paramref name="output"/> against <paramref name="target"/>, a mean over the batch.</summary>
    public abstract Tensor loss(Tensor output, Tensor target);
}
