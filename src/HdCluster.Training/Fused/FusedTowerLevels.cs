using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary><see cref="Optim.Towers.SgdLevel"/> for K cells: <c>p - alpha * g</c>, or with momentum (a group either
/// all with mu != 0 or all without) <c>buf = mu * buf + g</c> from buf = g and <c>p - alpha * buf</c>.</summary>
public sealed class FusedSgdLevel : FusedTowerLevel
{
    private readonly Parameter alpha;
    private readonly Parameter? mu;

    public FusedSgdLevel(IReadOnlyList<LevelConfig> configs, ScalarType dtype, Device device)
        : base(configs, dtype, device)
    {
        if (configs.Select(c => c.Mu != 0).Distinct().Count() != 1)
        {
            throw new ArgumentException("SGD levels with and without momentum do not fuse (momentum adds a learned hyperparameter)", nameof(configs));
        }

        alpha = Hyper("alpha", c => c.Alpha);
        mu = configs[0].Mu != 0 ? Hyper("mu", c => c.Mu) : null;
        Hyperparameters = mu is null ? [alpha] : [alpha, mu];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    public override IEnumerable<Tensor> AppliedValues() => Hyperparameters.Select(h => h.Value);

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients, Func<Tensor, Tensor, Tensor> keepFrozen)
    {
        for (var i = 0; i < below.Count; i++)
        {
            var g = gradients[i].detach();
            var p = below[i].Value.detach();
            if (mu is not null)
            {
                var previous = State(below[i], "momentum_buffer");
                g = previous is null ? g : (previous.detach() * PerCell(mu.Value, previous)) + g;
                SetState(below[i], "momentum_buffer", g.alias());
            }

            below[i].Value = keepFrozen(p - (g * PerCell(alpha.Value, g)), p);
        }
    }
}

/// <summary><see cref="Optim.Towers.AdamLevel"/> for K cells: gdtuo's Adam (alpha, beta1, beta2 learned, the betas
/// stored as atanh(2b-1)) or Adam-Baydin (alpha learned, betas constant per cell).</summary>
public sealed class FusedAdamLevel : FusedTowerLevel
{
    private readonly Parameter alpha;
    private readonly Parameter? beta1;
    private readonly Parameter? beta2;
    private readonly CellValues eps;
    private readonly CellValues constantBeta1;
    private readonly CellValues constantBeta2;
    private readonly CellValues oneMinusBeta1;
    private readonly CellValues oneMinusBeta2;
    private long t;

    public FusedAdamLevel(IReadOnlyList<LevelConfig> configs, ScalarType dtype, Device device)
        : base(configs, dtype, device)
    {
        alpha = Hyper("alpha", c => c.Alpha);
        if (configs[0].Kind == LevelKind.Adam)
        {
            beta1 = Hyper("beta1", c => Unsquash(c.Beta1));
            beta2 = Hyper("beta2", c => Unsquash(c.Beta2));
            Hyperparameters = [alpha, beta1, beta2];
        }
        else
        {
            Hyperparameters = [alpha];
        }

        eps = Constant(c => c.Eps);
        constantBeta1 = Constant(c => c.Beta1);
        constantBeta2 = Constant(c => c.Beta2);
        oneMinusBeta1 = Constant(c => 1.0 - c.Beta1);
        oneMinusBeta2 = Constant(c => 1.0 - c.Beta2);
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    public override IEnumerable<Tensor> AppliedValues() =>
        beta1 is null ? [alpha.Value] : [alpha.Value, Squash(beta1.Value), Squash(beta2!.Value)];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients, Func<Tensor, Tensor, Tensor> keepFrozen)
    {
        t++;
        var b1 = beta1 is null ? null : Squash(beta1.Value);
        var b2 = beta2 is null ? null : Squash(beta2.Value);
        using var correction1 = new CellValues(Configs.Select(c => 1.0 - Math.Pow(c.Beta1, t)).ToList(), Dtype, Device);
        using var correction2 = new CellValues(Configs.Select(c => 1.0 - Math.Pow(c.Beta2, t)).ToList(), Dtype, Device);
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var m0 = State(slot, "exp_avg") ?? torch.zeros_like(slot.Value);
            var v0 = State(slot, "exp_avg_sq") ?? eps.Add(torch.zeros_like(slot.Value));
            var g = gradients[i].detach();
            Tensor m, v, mHat, vHat;
            if (b1 is not null && b2 is not null)
            {
                var (c1, c2) = (PerCell(b1, g), PerCell(b2, g));
                m = (c1 * m0.detach()) + ((1.0 - c1) * g);
                v = (c2 * v0.detach()) + ((1.0 - c2) * g * g);
                mHat = m / (1.0 - c1.pow(t));
                vHat = v / (1.0 - c2.pow(t));
            }
            else
            {
                m = constantBeta1.Mul(m0.detach()) + oneMinusBeta1.Mul(g);
                v = constantBeta2.Mul(v0.detach()) + (oneMinusBeta2.Mul(g) * g);
                mHat = correction1.Div(m);
                vHat = correction2.Div(v);
            }

            SetState(slot, "exp_avg", m.alias());
            SetState(slot, "exp_avg_sq", v.alias());
            var direction = mHat / eps.Add(vHat.pow(0.5));
            var p = slot.Value.detach();
            slot.Value = keepFrozen(p - (PerCell(alpha.Value, direction) * direction), p);
        }
    }
}

/// <summary><see cref="Optim.Towers.AdaGradLevel"/> for K cells: <c>G = G + g^2</c> from 0.1 and
/// <c>p - alpha * g / sqrt(G + eps)</c>, the denominator detached.</summary>
public sealed class FusedAdaGradLevel : FusedTowerLevel
{
    private readonly Parameter alpha;
    private readonly CellValues eps;

    public FusedAdaGradLevel(IReadOnlyList<LevelConfig> configs, ScalarType dtype, Device device)
        : base(configs, dtype, device)
    {
        alpha = Hyper("alpha", c => c.Alpha);
        eps = Constant(c => c.Eps);
        Hyperparameters = [alpha];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    public override IEnumerable<Tensor> AppliedValues() => [alpha.Value];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients, Func<Tensor, Tensor, Tensor> keepFrozen)
    {
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var g = gradients[i].detach();
            var previous = State(slot, "sum_sq") ?? torch.zeros_like(slot.Value) + 0.1;
            var sumSq = previous.detach() + g.square();
            SetState(slot, "sum_sq", sumSq.alias());
            var p = slot.Value.detach();
            slot.Value = keepFrozen(p - (PerCell(alpha.Value, g) * g / eps.Add(sumSq).sqrt().detach()), p);
        }
    }
}

/// <summary><see cref="Optim.Towers.RmsPropLevel"/> for K cells: alpha stored as its square root, gamma as
/// atanh(2 gamma - 1); <c>s = gamma s + (1 - gamma) g^2</c> from 0 and <c>p - alpha g / sqrt(s + eps)</c>.</summary>
public sealed class FusedRmsPropLevel : FusedTowerLevel
{
    private readonly Parameter alphaRoot;
    private readonly Parameter gamma;
    private readonly CellValues eps;

    public FusedRmsPropLevel(IReadOnlyList<LevelConfig> configs, ScalarType dtype, Device device)
        : base(configs, dtype, device)
    {
        alphaRoot = Hyper("alpha", c => Math.Sqrt(c.Alpha));
        gamma = Hyper("gamma", c => Unsquash(c.Gamma));
        eps = Constant(c => c.Eps);
        Hyperparameters = [alphaRoot, gamma];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    public override IEnumerable<Tensor> AppliedValues() => [alphaRoot.Value.square(), Squash(gamma.Value)];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients, Func<Tensor, Tensor, Tensor> keepFrozen)
    {
        var g1 = Squash(gamma.Value);
        var alpha = alphaRoot.Value.square();
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var g = gradients[i].detach();
            var previous = State(slot, "square_avg") ?? torch.zeros_like(slot.Value);
            var rate = PerCell(g1, g);
            var s = (rate * previous.detach()) + ((1.0 - rate) * g.square());
            SetState(slot, "square_avg", s.alias());
            var p = slot.Value.detach();
            slot.Value = keepFrozen(p - (PerCell(alpha, g) * g / eps.Add(s).sqrt()), p);
        }
    }
}
