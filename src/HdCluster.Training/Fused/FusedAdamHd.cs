using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// <see cref="Optim.Baydin.AdamHd"/> for K cells, each with its own rate, hypergradient rate, betas, eps and weight
/// decay: the rate is a <c>[K]</c> vector, the moments are <c>[K, ...]</c>, and each cell's hypergradient is the dot
/// product of its own slices. The rate moves tensor by tensor inside the parameter loop, as in the authors' code,
/// or once before it under <c>joint</c>, as the paper writes it (a group shares that choice). Adam and Adam-HD
/// fuse with one another: Adam's denominator <c>sqrt(v)/sqrt(bc2) + eps</c> becomes <c>sqrt(v)/c + eps</c> with
/// c = sqrt(bc2) for an Adam cell and c = 1 (an exact division) for an Adam-HD cell, and a cell without
/// hypergradient keeps its rate by selection.
/// </summary>
public sealed class FusedAdamHd : FusedOptimizer
{
    private readonly IReadOnlyList<string> names;
    private readonly BaydinConfig[] configs;
    private readonly bool hd;
    private readonly bool joint;
    private readonly bool sqrtDecay;
    private readonly bool allHd;
    private readonly CellValues weightDecay;
    private readonly CellValues eps;
    private readonly CellValues beta1;
    private readonly CellValues beta2;
    private readonly CellValues oneMinusBeta1;
    private readonly CellValues oneMinusBeta2;
    private readonly Tensor? hdMask;
    private readonly Tensor[] m;
    private readonly Tensor[] v;
    private readonly Tensor?[] ratio;
    private Tensor lr;

    public FusedAdamHd(IReadOnlyList<Parameter> parameters, IReadOnlyList<BaydinConfig> configs)
        : base(parameters, configs.Count)
    {
        if (configs.Any(c => !c.IsAdam))
        {
            throw new ArgumentException("FusedAdamHd takes the Adam methods only", nameof(configs));
        }

        this.configs = configs.ToArray();
        var hdConfigs = configs.Where(c => c.IsHd).ToList();
        if (hdConfigs.Select(c => c.Joint).Distinct().Count() > 1)
        {
            throw new ArgumentException("Adam-HD cells with and without joint do not fuse", nameof(configs));
        }

        if (configs.Select(c => c.SqrtDecay).Distinct().Count() > 1)
        {
            throw new ArgumentException("cells with and without sqrt_decay do not fuse", nameof(configs));
        }

        names = configs[0].HyperparameterNames;
        hd = hdConfigs.Count > 0;
        allHd = hdConfigs.Count == configs.Count;
        joint = hd && hdConfigs[0].Joint;
        sqrtDecay = configs[0].SqrtDecay;
        weightDecay = Values(c => c.WeightDecay);
        eps = Values(c => c.Eps);
        beta1 = Values(c => c.Beta1);
        beta2 = Values(c => c.Beta2);
        oneMinusBeta1 = Values(c => 1 - c.Beta1);
        oneMinusBeta2 = Values(c => 1 - c.Beta2);
        if (hd && !allHd)
        {
            using var host = torch.tensor(configs.Select(c => c.IsHd).ToArray());
            hdMask = host.to(ScalarType.Bool, Device, copy: true).DetachFromDisposeScope();
        }

        m = parameters.Select(p => torch.zeros_like(p.Value).DetachFromDisposeScope()).ToArray();
        v = parameters.Select(p => torch.zeros_like(p.Value).DetachFromDisposeScope()).ToArray();
        ratio = new Tensor?[parameters.Count];
        using var rates = torch.tensor(configs.Select(c => c.Lr).ToArray());
        lr = rates.to(Dtype, Device, copy: true).DetachFromDisposeScope();
    }

    private CellValues Values(Func<BaydinConfig, double> of) => new(configs.Select(of).ToList(), Dtype, Device);

    public override IReadOnlyList<string> HyperparameterNames => names;

    protected override IEnumerable<Tensor> HyperparameterTensors() => [lr];

    private double Decay(long t) => sqrtDecay ? 1.0 / Math.Sqrt(t) : 1.0;

    protected override void Update(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        var t = StepCount;
        var g = new Tensor[gradients.Length];
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = weightDecay.AllZero ? gradients[i] : weightDecay.AddScaled(gradients[i], Parameters[i].Value);
        }

        // The per-cell scalars of this step, computed on the host exactly as the per-cell optimizer computes them.
        using var hypergradientScale = PerStep(c => t > 1 && c.IsHd ? c.Beta * Decay(t - 1) * Math.Sqrt(1 - Math.Pow(c.Beta2, t - 1)) / (1 - Math.Pow(c.Beta1, t - 1)) : 0);
        using var denominatorScale = PerStep(c => c.IsHd ? 1 : Math.Sqrt(1 - Math.Pow(c.Beta2, t)));
        using var stepScale = PerStep(c => c.IsHd
            ? Math.Sqrt(1 - Math.Pow(c.Beta2, t)) / (1 - Math.Pow(c.Beta1, t)) * Decay(t)
            : Decay(t) / (1 - Math.Pow(c.Beta1, t)));
        if (hd && joint && t > 1)
        {
            var h = Hypergradient(g[0], 0);
            for (var i = 1; i < g.Length; i++)
            {
                h = h.add(Hypergradient(g[i], i));
            }

            MoveRate(hypergradientScale, h);
        }

        for (var i = 0; i < g.Length; i++)
        {
            if (hd && !joint && t > 1)
            {
                MoveRate(hypergradientScale, Hypergradient(g[i], i));
            }

            beta1.MulInPlace(m[i]);
            oneMinusBeta1.AddScaledInPlace(m[i], g[i]);
            beta2.MulInPlace(v[i]);
            oneMinusBeta2.AddScaledInPlace(v[i], g[i].mul(g[i]));
            var root = v[i].sqrt();
            var denominator = eps.AddInPlace(allHd ? root : denominatorScale.DivInPlace(root));
            var direction = m[i].div(denominator);
            Parameters[i].Value.sub_(MaskUpdate(direction.mul(CellValues.PerCell(stepScale.Mul(lr), m[i]))));
            if (hd)
            {
                // An Adam-HD cell's denominator is sqrt(v) + eps, so this is the m / (sqrt(v) + eps) its next
                // hypergradient needs, computed by the same operations; an Adam cell's differs but is never used.
                ratio[i]?.Dispose();
                ratio[i] = direction.DetachFromDisposeScope();
            }
        }
    }

    private CellValues PerStep(Func<BaydinConfig, double> of) => new(configs.Select(of).ToList(), Dtype, Device);

    // lr += scale * h for the Adam-HD cells that are still training.
    private void MoveRate(CellValues scale, Tensor h)
    {
        var moved = scale.AddScaled(lr, h);
        if (hdMask is not null)
        {
            moved = torch.where(hdMask, moved, lr);
        }

        var old = lr;
        lr = KeepFrozen(moved, lr).DetachFromDisposeScope();
        old.Dispose();
    }

    // Per cell: dot(g_t, m_{t-1} / (sqrt(v_{t-1}) + eps)), the ratio kept from the last update.
    private Tensor Hypergradient(Tensor gradient, int i) => gradient.mul(ratio[i]!).flatten(1).sum(1);

    public override void Dispose()
    {
        lr.Dispose();
        hdMask?.Dispose();
        foreach (var c in new[] { weightDecay, eps, beta1, beta2, oneMinusBeta1, oneMinusBeta2 })
        {
            c.Dispose();
        }

        foreach (var t in m.Concat(v))
        {
            t.Dispose();
        }

        foreach (var t in ratio)
        {
            t?.Dispose();
        }

        base.Dispose();
    }
}
