using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>gdtuo's RMSProp: alpha stored as its square root, gamma as atanh(2 gamma - 1);
/// <c>s = gamma * s + (1 - gamma) g^2</c> from s = 0, and <c>p - alpha * g / sqrt(s + eps)</c> with s left
/// attached, so gamma is learned through the current step's s.</summary>
public sealed class RmsPropLevel : TowerLevel
{
    private readonly Parameter alphaRoot;
    private readonly Parameter gamma;

    public RmsPropLevel(LevelConfig config, ScalarType dtype, Device device)
        : base(config)
    {
        alphaRoot = Hyper("alpha", Math.Sqrt(config.Alpha), device, dtype);
        gamma = Hyper("gamma", Unsquash(config.Gamma), device, dtype);
        Hyperparameters = [alphaRoot, gamma];
    }

    public override IReadOnlyList<Parameter> Hyperparameters { get; }

    protected override IReadOnlyList<string> StateKeys => ["square_avg"];

    public override IEnumerable<Tensor> AppliedValues() => [alphaRoot.Value.square(), Squash(gamma.Value)];

    public override void Update(IReadOnlyList<Parameter> below, Tensor[] gradients)
    {
        var g1 = Squash(gamma.Value);
        var alpha = alphaRoot.Value.square();
        for (var i = 0; i < below.Count; i++)
        {
            var slot = below[i];
            var g = gradients[i].detach();
            var previous = State(slot, "square_avg") ?? torch.zeros_like(slot.Value);
            var s = (g1 * previous.detach()) + ((1.0 - g1) * g.square());
            SetState(slot, "square_avg", s.alias());
            slot.Value = slot.Value.detach() - (alpha * g / (s + Config.Eps).sqrt());
        }
    }
}
