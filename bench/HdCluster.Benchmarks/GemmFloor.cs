using System.Diagnostics;
using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Benchmarks;

/// <summary>
/// The bare matrix products of one training step of an MLP and nothing else (no autograd, activation, loss,
/// optimizer, data gather or divergence check), with the shapes and memory layouts the real step gives them, so
/// their time is a floor under that step. <see cref="Fused"/>: the products of <c>FusedMlp</c> for K cells and the
/// ones autograd runs for them in backward: with a shared batch, layer 0 is one wide <c>linear</c> (addmm)
/// <c>X[B, in] W^T[in, K*out]</c> and its weight gradient <c>dY^T[K*out, B] X[B, in]</c>; every later layer is a
/// <c>bmm</c> <c>H[K, B, in] W^T[K, in, out]</c>, its weight gradient <c>H^T dY</c> and the gradient of its input
/// <c>dY W</c>. <see cref="Alone"/>: the same for one cell's <c>nn.Linear</c> layers (addmm, <c>dY^T H</c>,
/// <c>dY W</c>). No product computes a gradient for the data batch, as autograd does not. Operands are allocated
/// once; each product allocates its output, as in the real step.
/// </summary>
internal sealed class GemmFloor : IDisposable
{
    private const double MinimumSeconds = 0.2;
    private readonly List<Tensor> operands = [];
    private readonly List<Func<Tensor>> products = [];
    private readonly Generator generator = new(12345);

    private GemmFloor()
    {
    }

    /// <summary>How many matrix products one step runs.</summary>
    public int Products => products.Count;

    /// <summary>A fused group of <paramref name="cells"/> MLPs with layer widths <paramref name="widths"/> (inputs first),
    /// on batches of <paramref name="batch"/>; <paramref name="sharedBatch"/> when the cells share their seed and so
    /// their batch (<c>forwardShared</c>), else each cell's own batch (<c>forward</c>: layer 0 is a bmm too).</summary>
    public static GemmFloor Fused(IReadOnlyList<long> widths, long batch, int cells, bool sharedBatch)
    {
        var floor = new GemmFloor();
        var k = (long)cells;
        Tensor h;
        if (sharedBatch)
        {
            var (input, output) = (widths[0], widths[1]);
            var x = floor.Operand([batch, input]);
            var w = floor.Operand([k * output, input], 0.05);
            var b = floor.Operand([k * output], 0.05);
            var dyt = floor.View(floor.Operand([batch, k * output]).t());
            floor.products.Add(() => F.linear(x, w, b));
            floor.products.Add(() => dyt.matmul(x));

            // Layer 0's output as the next layer sees it: [B, K*out] viewed [K, B, out], not contiguous.
            h = floor.View(floor.View(floor.Operand([batch, k * output]).view(batch, k, output)).transpose(0, 1));
        }
        else
        {
            h = floor.Operand([k, batch, widths[0]]);
        }

        for (var layer = sharedBatch ? 1 : 0; layer < widths.Count - 1; layer++)
        {
            var (input, output) = (widths[layer], widths[layer + 1]);
            var w = floor.Operand([k, output, input], 0.05);
            var wt = floor.View(w.transpose(1, 2));
            var ht = floor.View(h.transpose(1, 2));
            var dy = floor.Operand([k, batch, output]);
            var hidden = h;
            floor.products.Add(() => hidden.matmul(wt));
            floor.products.Add(() => ht.matmul(dy));
            if (layer > 0)
            {
                floor.products.Add(() => dy.matmul(w));
            }

            h = floor.Operand([k, batch, output]);
        }

        return floor;
    }

    /// <summary>One cell's MLP (<c>nn.Linear</c> layers on <c>[B, in]</c>).</summary>
    public static GemmFloor Alone(IReadOnlyList<long> widths, long batch)
    {
        var floor = new GemmFloor();
        for (var layer = 0; layer < widths.Count - 1; layer++)
        {
            var (input, output) = (widths[layer], widths[layer + 1]);
            var h = floor.Operand([batch, input]);
            var w = floor.Operand([output, input], 0.05);
            var b = floor.Operand([output], 0.05);
            var dy = floor.Operand([batch, output]);
            var dyt = floor.View(dy.t());
            floor.products.Add(() => F.linear(h, w, b));
            floor.products.Add(() => dyt.matmul(h));
            if (layer > 0)
            {
                floor.products.Add(() => dy.matmul(w));
            }
        }

        return floor;
    }

    /// <summary>Mean milliseconds of one step's products after a warm-up: at least <paramref name="steps"/> steps and
    /// at least 0.2 s, so that the short ones are not timed on a handful of microseconds.</summary>
    public double MeanMilliseconds(int steps)
    {
        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        var start = Stopwatch.GetTimestamp();
        var done = 0;
        while (done < steps || Stopwatch.GetElapsedTime(start).TotalSeconds < MinimumSeconds)
        {
            Step();
            done++;
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / done;
    }

    // Every product of one step, their outputs alive together until the step ends, as gradients are.
    private void Step()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var product in products)
        {
            product();
        }
    }

    private Tensor Operand(long[] shape, double scale = 1)
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.randn(shape, generator).mul(scale).DetachFromDisposeScope();
        operands.Add(t);
        return t;
    }

    private Tensor View(Tensor view)
    {
        operands.Add(view);
        return view;
    }

    public void Dispose()
    {
        foreach (var t in operands)
        {
            t.Dispose();
        }

        generator.Dispose();
    }
}
