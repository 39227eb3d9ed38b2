using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary><c>nn.Dropout</c> whose masks come from a given generator, so that a cell's training is
/// reproducible however many cells share the process. Identity in evaluation.</summary>
public sealed class Dropout : torch.nn.Module
{
    private readonly Generator generator;

    /// <param name="p">The probability of zeroing an element.</param>
    /// <param name="generator">Where the masks come from; it must outlive this module.</param>
    public Dropout(double p, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        P = p;
        this.generator = generator;
    }

    public double P { get; }

    public Tensor forward(Tensor x) => torch.nn.functional.dropout(x, P, training, generator);
}
