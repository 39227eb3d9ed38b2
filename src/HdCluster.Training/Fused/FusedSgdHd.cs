using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// <see cref="Optim.Baydin.SgdHd"/> for K cells: SGD, SGD-HD, SGDN and SGDN-HD, each cell with its own rate,
/// hypergradient rate, momentum and weight decay. The rate is a <c>[K]</c> vector and the hypergradient of cell k
/// the dot product of its own slices, <c>h_k = sum_i sum(g_i[k] * d_i[k])</c>. The methods fuse with one another:
/// a cell without hypergradient keeps its rate (selected, not multiplied by a zero beta, so it stays exact even if
/// its h overflows), and a cell without momentum gets direction <c>g + 0 * buf = g</c> exactly. Heavy-ball
/// momentum (mu &gt; 0 without Nesterov) is the one structure that only fuses with itself.
/// </summary>
public sealed class FusedSgdHd : FusedOptimizer
{
    private readonly IReadOnlyList<string> names;
    private readonly bool hd;
    private readonly bool momentum;
    private readonly bool nesterov;
    private readonly CellValues beta;
    private readonly CellValues mu;
    private readonly CellValues weightDecay;
    private readonly Tensor? hdMask;
    private readonly Tensor?[] previousDirection;
    private readonly Tensor?[] momentumBuffer;
    private Tensor lr;

    public FusedSgdHd(IReadOnlyList<Parameter> parameters, IReadOnlyList<BaydinConfig> configs)
        : base(parameters, configs.Count)
    {
        if (configs.Any(c => c.IsAdam))
        {
            throw new ArgumentException("FusedSgdHd takes the SGD methods only", nameof(configs));
        }

        var heavyBall = configs.Select(c => c.Momentum != 0 && !c.Nesterov).Distinct().ToList();
        if (heavyBall.Count > 1)
        {
            throw new ArgumentException("heavy-ball momentum (sgd with mu > 0) and Nesterov momentum do not fuse", nameof(configs));
        }

        names = configs[0].HyperparameterNames;
        hd = configs.Any(c => c.IsHd);
        momentum = configs.Any(c => c.Momentum != 0);
        nesterov = !heavyBall[0];
        beta = new CellValues(configs.Select(c => c.Beta).ToList(), Dtype, Device);
        mu = new CellValues(configs.Select(c => c.Momentum).ToList(), Dtype, Device);
        weightDecay = new CellValues(configs.Select(c => c.WeightDecay).ToList(), Dtype, Device);
        if (hd && !configs.All(c => c.IsHd))
        {
            using var host = torch.tensor(configs.Select(c => c.IsHd).ToArray());
            hdMask = host.to(ScalarType.Bool, Device, copy: true).DetachFromDisposeScope();
        }

        previousDirection = new Tensor?[parameters.Count];
        momentumBuffer = new Tensor?[parameters.Count];
        using var rates = torch.tensor(configs.Select(c => c.Lr).ToArray());
        lr = rates.to(Dtype, Device, copy: true).DetachFromDisposeScope();
    }

    public override IReadOnlyList<string> HyperparameterNames => names;

    protected override IEnumerable<Tensor> HyperparameterTensors() => [lr];

    protected override void Update(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        var g = new Tensor[gradients.Length];
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = weightDecay.AllZero ? gradients[i] : weightDecay.AddScaled(gradients[i], Parameters[i].Value);
        }

        if (hd && previousDirection[0] is not null)
        {
            var h = Dot(g[0], previousDirection[0]!);
            for (var i = 1; i < g.Length; i++)
            {
                h = h.add(Dot(g[i], previousDirection[i]!));
            }

            var moved = beta.AddScaled(lr, h);
            if (hdMask is not null)
            {
                moved = torch.where(hdMask, moved, lr);
            }

            SetRate(KeepFrozen(moved, lr));
        }

        for (var i = 0; i < g.Length; i++)
        {
            var direction = g[i];
            if (momentum)
            {
                if (momentumBuffer[i] is null)
                {
                    Keep(ref momentumBuffer[i], g[i].clone());
                }
                else
                {
                    mu.MulInPlace(momentumBuffer[i]!).add_(g[i]);
                }

                direction = nesterov ? mu.AddScaled(g[i], momentumBuffer[i]!) : momentumBuffer[i]!.clone();
            }

            Parameters[i].Value.sub_(MaskUpdate(direction.mul(CellValues.PerCell(lr, direction))));
            if (hd)
            {
                Keep(ref previousDirection[i], direction);
            }
        }
    }

    // Per cell: sum over every non-cell dimension of a * b, [K].
    private static Tensor Dot(Tensor a, Tensor b) => a.mul(b).flatten(1).sum(1);

    private void SetRate(Tensor value)
    {
        var old = lr;
        lr = value.DetachFromDisposeScope();
        old.Dispose();
    }

    private static void Keep(ref Tensor? field, Tensor value)
    {
        if (ReferenceEquals(field, value))
        {
            return;
        }

        field?.Dispose();
        field = value.DetachFromDisposeScope();
    }

    public override void Dispose()
    {
        lr.Dispose();
        hdMask?.Dispose();
        beta.Dispose();
        mu.Dispose();
        weightDecay.Dispose();
        foreach (var t in previousDirection.Concat(momentumBuffer))
        {
            t?.Dispose();
        }

        base.Dispose();
    }
}
