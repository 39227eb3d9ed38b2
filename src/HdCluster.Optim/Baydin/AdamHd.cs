using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Baydin;

/// <summary>
/// Adam and Adam-HD. The baseline follows <c>torch.optim.Adam</c>
/// (<c>p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)</c>); Adam-HD follows the authors' <c>AdamHD</c>
/// (<c>p -= lr*sqrt(bc2)/bc1 * m / (sqrt(v) + eps)</c>) and, from the second step, first moves the rate by
/// <c>beta * dot(g_t, m_{t-1}/(sqrt(v_{t-1})+eps)) * sqrt(1-beta2^(t-1)) / (1-beta1^(t-1))</c>.
/// By default that happens tensor by tensor inside the parameter loop, as in the authors' code, so each
/// tensor sees the rate as updated by the tensors before it; <see cref="BaydinConfig.Joint"/> takes one
/// dot product over all tensors before any update, as the paper writes it.
/// </summary>
public sealed class AdamHd : Optimizer
{
    private readonly BaydinConfig config;
    private readonly Tensor?[] m;
    private readonly Tensor?[] v;
    private Tensor? lr;

    public AdamHd(IReadOnlyList<Parameter> parameters, BaydinConfig config)
        : base(parameters)
    {
        if (!config.IsAdam)
        {
            throw new ArgumentException($"{config.Method} is not an Adam method", nameof(config));
        }

        this.config = config;
        m = new Tensor?[parameters.Count];
        v = new Tensor?[parameters.Count];
        var first = parameters[0].Value;
        Keep(ref lr, torch.scalar(config.Lr, first.dtype, first.device));
        for (var i = 0; i < parameters.Count; i++)
        {
            Keep(ref m[i], torch.zeros_like(parameters[i].Value));
            Keep(ref v[i], torch.zeros_like(parameters[i].Value));
        }
    }

    public override IReadOnlyList<string> HyperparameterNames => config.HyperparameterNames;

    protected override IEnumerable<Tensor> HyperparameterTensors() => [lr!];

    // The 1/sqrt(t) decay of the paper's Adam runs: a factor on the step, which the hypergradient of the
    // previous step carries too (d u_{t-1} / d lr includes it).
    private double Decay(long t) => config.SqrtDecay ? 1.0 / Math.Sqrt(t) : 1.0;

    protected override void Update(Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        var t = StepCount;
        var (b1, b2, eps) = (config.Beta1, config.Beta2, config.Eps);
        var g = new Tensor[gradients.Length];
        for (var i = 0; i < g.Length; i++)
        {
            g[i] = config.WeightDecay != 0 ? gradients[i].add(Parameters[i].Value, config.WeightDecay) : gradients[i];
        }

        var hypergradientScale = t > 1 ? config.Beta * Decay(t - 1) * Math.Sqrt(1 - Math.Pow(b2, t - 1)) / (1 - Math.Pow(b1, t - 1)) : 0;
        if (config.Method == BaydinMethod.AdamHd && config.Joint && t > 1)
        {
            var h = Hypergradient(g[0], 0);
            for (var i = 1; i < g.Length; i++)
            {
                h = h.add(Hypergradient(g[i], i));
            }

            Keep(ref lr, lr!.add(h, hypergradientScale));
        }

        var bc1 = 1 - Math.Pow(b1, t);
        var bc2 = 1 - Math.Pow(b2, t);
        for (var i = 0; i < g.Length; i++)
        {
            if (config.Method == BaydinMethod.AdamHd && !config.Joint && t > 1)
            {
                Keep(ref lr, lr!.add(Hypergradient(g[i], i), hypergradientScale));
            }

            m[i]!.mul_(b1).add_(g[i], 1 - b1);
            v[i]!.mul_(b2).add_(g[i].mul(g[i]), 1 - b2);
            Tensor update;
            if (config.Method == BaydinMethod.AdamHd)
            {
                var denominator = v[i]!.sqrt().add_(eps);
                update = m[i]!.div(denominator).mul_(lr!.mul(Math.Sqrt(bc2) / bc1 * Decay(t)));
            }
            else
            {
                var denominator = v[i]!.sqrt().div_(Math.Sqrt(bc2)).add_(eps);
                update = m[i]!.div(denominator).mul_(lr!.mul(Decay(t) / bc1));
            }

            Parameters[i].Value.sub_(update);
        }
    }

    // dot(g_t, m_{t-1} / (sqrt(v_{t-1}) + eps)), before the moments move on.
    private Tensor Hypergradient(Tensor gradient, int i) =>
        gradient.flatten().dot(m[i]!.div(v[i]!.sqrt().add_(config.Eps)).flatten());

    public override Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["lr"] = lr!.clone(), ["step"] = torch.scalar(StepCount, ScalarType.Int64) };
        for (var i = 0; i < Parameters.Count; i++)
        {
            state[$"exp_avg.{Parameters[i].Name}"] = m[i]!.clone();
            state[$"exp_avg_sq.{Parameters[i].Name}"] = v[i]!.clone();
        }

        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        Keep(ref lr, SgdHd.StateValue(state, "lr").clone());
        RestoreStepCount(SgdHd.StateValue(state, "step").itemLong());
        for (var i = 0; i < Parameters.Count; i++)
        {
            Keep(ref m[i], SgdHd.StateValue(state, $"exp_avg.{Parameters[i].Name}").clone());
            Keep(ref v[i], SgdHd.StateValue(state, $"exp_avg_sq.{Parameters[i].Name}").clone());
        }
    }

    public override void Dispose()
    {
        lr?.Dispose();
        foreach (var t in m.Concat(v))
        {
            t?.Dispose();
        }

        base.Dispose();
    }
}
