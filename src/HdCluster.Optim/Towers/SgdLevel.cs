using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>gdtuo's SGD: <c>p - alpha * g</c>, or with momentum (only when built with mu != 0)
/// <c>buf = mu * buf + g</c> (the first buffer is g itself) and <c>p - alpha * buf</c>.</summary>
public sealed class SgdLevel : TowerLevel
{
    private readonly Parameter alpha;
    private readonly Parameter? mu;

    public SgdLevel(LevelConfig config, ScalarType dtype, Device device)
        : base(config)
    {
        alpha = Hyper("alpha", config.Alpha, device, dtype);
        mu = config.Mu != 0 ? Hyper("mu", config.Mu, device, dtype) : null;
        Hyperparameters = mu is null ? [alpha] : [alpha, mu];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    protected override IReadOnlyList<string> StateKeys => ["momentum_buffer"];

    public override IEnumerable<Tensor> AppliedValues() => Hyperparameters.Select(h => h.Value);

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients)
    {
        for (var i = 0; i < below.Count; i++)
        {
            var g = gradients[i].detach();
            var p = below[i].Value.detach();
            if (mu is not null)
            {
                var previous = State(below[i], "momentum_buffer");
                g = previous is null ? g : (previous.detach() * mu.Value) + g;
                SetState(below[i], "momentum_buffer", g.alias());
            }

            below[i].Value = p - (g * alpha.Value);
        }
    }
}
