using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>gdtuo's AdaGrad: <c>G = G + g^2</c> from G = 0.1, and <c>p - alpha * g / sqrt(G + eps)</c> with the
/// denominator detached, so only alpha is learned through it.</summary>
public sealed class AdaGradLevel : TowerLevel
{
    private readonly Parameter alpha;

    public AdaGradLevel(LevelConfig config, ScalarType dtype, Device device)
        : base(config)
    {
        alpha = Hyper("alpha", config.Alpha, device, dtype);
        Hyperparameters = [alpha];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    protected override IReadOnlyList<string> StateKeys => ["sum_sq"];

    public override IEnumerable<Tensor> AppliedValues() => [alpha.Value];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients)
    {
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var g = gradients[i].detach();
            var previous = State(slot, "sum_sq") ?? torch.zeros_like(slot.Value) + 0.1;
            var sumSq = previous.detach() + g.square();
            SetState(slot, "sum_sq", sumSq.alias());
            slot.Value = slot.Value.detach() - (alpha.Value * g / (sumSq + Config.Eps).sqrt().detach());
        }
    }
}
