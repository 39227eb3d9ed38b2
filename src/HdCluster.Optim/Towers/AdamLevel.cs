using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>
/// gdtuo's Adam (learning alpha, beta1 and beta2, the betas stored as atanh(2b-1)) and AdamBaydin
/// (learning only alpha, betas constant). Moments start at m = 0 and v = eps (gdtuo's fudge factor, since
/// sqrt is not differentiable at 0); the step is <c>alpha * m_hat / (v_hat^0.5 + eps)</c>.
/// </summary>
public sealed class AdamLevel : TowerLevel
{
    private readonly Parameter alpha;
    private readonly Parameter? beta1;
    private readonly Parameter? beta2;
    private long t;

    public AdamLevel(LevelConfig config, ScalarType dtype, Device device)
        : base(config)
    {
        alpha = Hyper("alpha", config.Alpha, device, dtype);
        if (config.Kind == LevelKind.Adam)
        {
            beta1 = Hyper("beta1", Unsquash(config.Beta1), device, dtype);
            beta2 = Hyper("beta2", Unsquash(config.Beta2), device, dtype);
            Hyperparameters = [alpha, beta1, beta2];
        }
        else
        {
            Hyperparameters = [alpha];
        }
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    protected override IReadOnlyList<string> StateKeys => ["exp_avg", "exp_avg_sq"];

    /// <summary>Steps this level has taken (its bias corrections depend on it).</summary>
    public long Steps
    {
        get => t;
        set => t = value;
    }

    public override IEnumerable<Tensor> AppliedValues() =>
        beta1 is null ? [alpha.Value] : [alpha.Value, Squash(beta1.Value), Squash(beta2!.Value)];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients)
    {
        t++;
        var eps = Config.Eps;
        var b1 = beta1 is null ? null : Squash(beta1.Value);
        var b2 = beta2 is null ? null : Squash(beta2.Value);
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var m0 = State(slot, "exp_avg") ?? torch.zeros_like(slot.Value);
            var v0 = State(slot, "exp_avg_sq") ?? torch.zeros_like(slot.Value) + eps;
            var g = gradients[i].detach();
            Tensor m, v, mHat, vHat;
            if (b1 is not null && b2 is not null)
            {
                m = (b1 * m0.detach()) + ((1.0 - b1) * g);
                v = (b2 * v0.detach()) + ((1.0 - b2) * g * g);
                mHat = m / (1.0 - b1.pow(t));
                vHat = v / (1.0 - b2.pow(t));
            }
            else
            {
                var (c1, c2) = (Config.Beta1, Config.Beta2);
                m = (m0.detach() * c1) + (g * (1.0 - c1));
                v = (v0.detach() * c2) + (g * (1.0 - c2) * g);
                mHat = m / (1.0 - Math.Pow(c1, t));
                vHat = v / (1.0 - Math.Pow(c2, t));
            }

            SetState(slot, "exp_avg", m.alias());
            SetState(slot, "exp_avg_sq", v.alias());
            var direction = mHat / (vHat.pow(0.5) + eps);
            slot.Value = slot.Value.detach() - (alpha.Value * direction);
        }
    }
}
