using HdCluster.Models;
using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Training.Fused;

/// <summary>
/// K multilayer perceptrons of one architecture trained as one model: every parameter carries a leading cell
/// dimension, a forward pass maps <c>[K, B, in]</c> (or one <c>[B, in]</c> batch shared by all cells) to
/// <c>[K, B, classes]</c>, and <see cref="losses"/> gives each cell's mean loss. Their sum is the objective, so each
/// cell's slice of every gradient is exactly the gradient of its own loss, as if it trained alone.
/// </summary>
public sealed class FusedMlp : torch.nn.Module
{
    private readonly FusedLinear[] layers;

    private FusedMlp(FusedLinear[] layers, long inputs, Activation activation, MlpHead head)
    {
        this.layers = layers;
        for (var i = 0; i < layers.Length; i++)
        {
            RegisterModule($"layers.{i}", layers[i]);
        }

        Inputs = inputs;
        Activation = activation;
        Head = head;
    }

    /// <summary>Stacks the cells' models, slice k of every parameter being a copy of cell k's. The models must
    /// share widths, activation, head, dtype and device.</summary>
    public static FusedMlp Stack(IReadOnlyList<Mlp> cells)
    {
        if (cells.Count == 0)
        {
            throw new ArgumentException("a fused model needs at least one cell", nameof(cells));
        }

        var first = cells[0];
        var signature = Signature(first);
        for (var k = 1; k < cells.Count; k++)
        {
            if (Signature(cells[k]) != signature)
            {
                throw new ArgumentException($"cell {k} is {Signature(cells[k])}, cell 0 is {signature}: only models of one architecture fuse", nameof(cells));
            }
        }

        var fused = new FusedLinear[first.Layers.Count];
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            for (var i = 0; i < fused.Length; i++)
            {
                var weight = torch.stack(cells.Select(m => m.Layers[i].Weight.Value.detach()).ToList());
                var bias = torch.stack(cells.Select(m => m.Layers[i].Bias!.Value.detach()).ToList());
                fused[i] = new FusedLinear(weight, bias);
            }
        }

        return new FusedMlp(fused, first.Inputs, first.Activation, first.Head);
    }

    private static string Signature(Mlp m) =>
        $"{m.Inputs}-{string.Join("-", m.Layers.Select(l => l.Weight.Value.size(0)))} {m.Activation} {m.Head} {m.Layers[0].Weight.Value.dtype} on {m.Layers[0].Weight.Value.device}"
        + (m.Layers.Any(l => l.Bias is null) ? " without bias" : "");

    public int Cells => (int)layers[0].Weight.Value.size(0);

    public long Inputs { get; }

    public Activation Activation { get; }

    public MlpHead Head { get; }

    public IReadOnlyList<FusedLinear> Layers => layers;

    /// <summary>Each cell's own batch: <c>[K, B, in]</c> (or any <c>[K, B, ...]</c> holding <c>in</c> features per example).</summary>
    public Tensor forward(Tensor input)
    {
        var x = input.reshape(Cells, -1, Inputs);
        return Rest(layers[0].forward(x));
    }

    /// <summary>One batch all cells see (cells that share their data order): <c>[B, in]</c>.</summary>
    public Tensor forwardShared(Tensor input) => Rest(layers[0].forwardShared(input.reshape(-1, Inputs)));

    private Tensor Rest(Tensor x)
    {
        for (var i = 1; i < layers.Length; i++)
        {
            x = layers[i].forward(Activate(x));
        }

        return Head == MlpHead.TanhLogSoftmax ? F.log_softmax(x.tanh(), 2) : x;
    }

    private Tensor Activate(Tensor x) => Activation switch
    {
        Activation.Relu => x.relu(),
        Activation.Tanh => x.tanh(),
        _ => x.sigmoid(),
    };

    /// <summary>Each cell's mean loss over its batch, <c>[K]</c>: NLL of the log-softmax head, or cross-entropy of the
    /// logits, as <see cref="Mlp.loss"/>. <paramref name="target"/> is <c>[B]</c> when shared, else <c>[K, B]</c>.</summary>
    public Tensor losses(Tensor output, Tensor target)
    {
        var (cells, batch, classes) = (output.size(0), output.size(1), output.size(2));
        if (Head != MlpHead.TanhLogSoftmax)
        {
            return CrossEntropies(output, target);
        }

        var targets = target.dim() == 1 ? target.unsqueeze(0).expand(cells, batch) : target;
        var perExample = F.nll_loss(output.reshape(cells * batch, classes), targets.reshape(cells * batch), torch.nn.Reduction.None);
        return perExample.view(cells, batch).mean(1);
    }

    // Cross-entropy of the logits, each cell's mean over its batch, [K]. The log-softmax runs over the classes laid
    // out as the middle dimension of a [K, classes, B] copy: libtorch's kernel for a softmax over the last dimension
    // walks the K*B rows one by one (a row is a handful of classes), while over an inner dimension it is vectorised
    // across the batch, forward and backward several times faster for a logistic regression's group. Each example's
    // value is the same log-softmax of the same logits (it can differ from the row-wise kernel's in the last bit: the
    // sum over the classes is taken in another order), picked at its target and averaged over the batch as nll_loss
    // with the mean reduction averages a cell's batch alone.
    private static Tensor CrossEntropies(Tensor output, Tensor target)
    {
        var (cells, batch) = (output.size(0), output.size(1));
        var logProbabilities = F.log_softmax(output.permute(0, 2, 1).contiguous(), 1);
        var index = target.dim() == 1 ? target.view(1, 1, batch).expand(cells, 1, batch) : target.reshape(cells, 1, batch);
        return logProbabilities.gather(1, index).view(cells, batch).neg().mean(1);
    }

    /// <summary>How many examples each cell classifies right, <c>[K]</c> int64.</summary>
    public Tensor correct(Tensor output, Tensor target)
    {
        var predicted = output.argmax(2);
        var targets = target.dim() == 1 ? target.unsqueeze(0) : target;
        return predicted.eq(targets).sum(1);
    }
}
