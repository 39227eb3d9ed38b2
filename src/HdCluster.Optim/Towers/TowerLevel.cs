using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>
/// One level of a hyperoptimizer tower (Chandra et al. 2022, the authors' gdtuo). It owns its
/// hyperparameters as <see cref="Parameter"/> slots in stored form (e.g. Adam's betas as atanh(2b-1)) and
/// updates the slots of the level below. Updates follow gdtuo's detach rules: the gradient and the old
/// value are detached, the hyperparameters are not, so the new values stay differentiable with respect
/// to this level's hyperparameters through exactly one update, which is where the level above gets its
/// hypergradient on the next step.
/// </summary>
public abstract class TowerLevel : IDisposable
{
    private readonly Dictionary<(Parameter Slot, string Key), Tensor> state = [];

    protected TowerLevel(LevelConfig config)
    {
        Config = config;
    }

    public LevelConfig Config { get; }

    /// <summary>This level's hyperparameters in stored form, in <see cref="LevelConfig.Names"/> order.</summary>
    public abstract IReadOnlyList<Parameter> Hyperparameters { get; }

    /// <summary>The values the level applies (e.g. <c>(tanh(x)+1)/2</c> of a stored beta), in name order.</summary>
    public abstract IEnumerable<Tensor> AppliedValues();

    /// <summary>Replaces every slot in <paramref name="below"/> by its updated, differentiable value.</summary>
    public abstract void Update(IReadOnlyList<Parameter> below, Tensor[] gradients);

    /// <summary>The gdtuo reparameterisation that keeps a rate in (0, 1): <c>(tanh(x) + 1) / 2</c>.</summary>
    protected static Tensor Squash(Tensor stored) => (stored.tanh() + 1.0) / 2.0;

    /// <summary>The inverse of <see cref="Squash"/>, written as gdtuo writes it so initial values match bit for bit.</summary>
    protected static double Unsquash(double y)
    {
        var z = (y * 2.0) - 1.0;
        return Math.Log((1.0 + z) / (1.0 - z)) / 2.0;
    }

    protected static Parameter Hyper(string name, double value, Device device, ScalarType dtype) =>
        new(name, torch.scalar(value, dtype, device));

    /// <summary>Per-slot state (momentum, moments, accumulators), keyed by the slot of the level below.</summary>
    protected Tensor? State(Parameter slot, string key) => state.TryGetValue((slot, key), out var t) ? t : null;

    protected void SetState(Parameter slot, string key, Tensor value)
    {
        if (state.TryGetValue((slot, key), out var old) && !ReferenceEquals(old, value))
        {
            old.Dispose();
        }

        state[(slot, key)] = value.DetachFromDisposeScope();
    }

    /// <summary>State tensors by <c>slot.key</c> for checkpoints.</summary>
    public IEnumerable<(string Name, Tensor Value)> StateTensors() => state.Select(kv => ($"{kv.Key.Slot.Name}.{kv.Key.Key}", kv.Value));

    public void LoadState(IReadOnlyList<Parameter> below, IReadOnlyDictionary<string, Tensor> saved, string prefix)
    {
        foreach (var slot in below)
        {
            foreach (var key in StateKeys)
            {
                if (saved.TryGetValue($"{prefix}{slot.Name}.{key}", out var t))
                {
                    using var scope = torch.NewDisposeScope();
                    SetState(slot, key, t.detach().clone());
                }
            }
        }
    }

    /// <summary>The names of the per-slot state this kind keeps.</summary>
    protected abstract IReadOnlyList<string> StateKeys { get; }

    public virtual void Dispose()
    {
        foreach (var t in state.Values)
        {
            t.Dispose();
        }

        foreach (var h in Hyperparameters)
        {
            h.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
