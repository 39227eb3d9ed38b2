using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary>A trainable network: a forward pass and the loss the papers pair it with.</summary>
public abstract class Model : torch.nn.Module
{
    public abstract Tensor forward(Tensor input);

    /// <summary>The training loss of <paramref name="output"/> against <paramref name="target"/>, a mean over the batch.</summary>
    public abstract Tensor loss(Tensor output, Tensor target);

    /// <summary>How many rows of <paramref name="output"/> ([rows, classes]) have their largest score at the
    /// class <paramref name="target"/> names, as an int64 scalar; the target is flattened, so a sequence
    /// model's [batch, seq] targets line up with its [batch*seq, classes] output. A tensor rather than a
    /// number, so a training loop can sum it over an epoch and read it once.</summary>
    public virtual Tensor correct(Tensor output, Tensor target)
    {
        using var predicted = output.argmax(1);
        using var flat = target.reshape(-1);
        using var hits = predicted.eq(flat);
        return hits.sum();
    }
}
