using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// <see cref="Optim.Towers.TowerLevel"/> for K cells: every hyperparameter is a <c>[K]</c> slot in stored form, the
/// slots below are <c>[K, ...]</c> (the model) or <c>[K]</c> (the level below's hyperparameters), and the update
/// is the per-cell formula with each hyperparameter viewed as <c>[K, 1, ..., 1]</c>. The gdtuo detach rules hold
/// per cell: gradient and old value detached, hyperparameters attached, so cell k's new values depend on cell
/// k's hyperparameters only, through exactly one update.
/// </summary>
public abstract class FusedTowerLevel : IDisposable
{
    private readonly Dictionary<(Parameter Slot, string Key), Tensor> state = [];
    private readonly List<CellValues> constants = [];

    protected FusedTowerLevel(IReadOnlyList<LevelConfig> configs, ScalarType dtype, Device device)
    {
        if (configs.Select(c => c.Kind).Distinct().Count() != 1)
        {
            throw new ArgumentException("one fused level has one kind", nameof(configs));
        }

        Configs = configs;
        Dtype = dtype;
        Device = device;
    }

    public IReadOnlyList<LevelConfig> Configs { get; }

    protected ScalarType Dtype { get; }

    protected Device Device { get; }

    /// <summary>This level's hyperparameters in stored form, each <c>[K]</c>, in <see cref="LevelConfig.Names"/> order.</summary>
    public abstract IReadOnlyList<Parameter> Hyperparameters { get; }

    /// <summary>The values the level applies, each <c>[K]</c>, in name order.</summary>
    public abstract IEnumerable<Tensor> AppliedValues();

    /// <summary>Replaces every slot in <paramref name="below"/> by its updated, differentiable value;
    /// <paramref name="keepFrozen"/> selects the old value for frozen cells.</summary>
    public abstract void Update(IReadOnlyList<Parameter> below, Tensor[] gradients, Func<Tensor, Tensor, Tensor> keepFrozen);

    /// <summary>gdtuo's <c>(tanh(x) + 1) / 2</c>.</summary>
    protected static Tensor Squash(Tensor stored) => (stored.tanh() + 1.0) / 2.0;

    /// <summary>The inverse of <see cref="Squash"/>, written as the per-cell level writes it so initial values match bit for bit.</summary>
    protected static double Unsquash(double y)
    {
        var z = (y * 2.0) - 1.0;
        return Math.Log((1.0 + z) / (1.0 - z)) / 2.0;
    }

    /// <summary>A <c>[K]</c> hyperparameter slot holding each cell's initial value.</summary>
    protected Parameter Hyper(string name, Func<LevelConfig, double> value)
    {
        using var host = torch.tensor(Configs.Select(value).ToArray());
        return new Parameter(name, host.to(Dtype, Device, copy: true));
    }

    /// <summary>A constant of the level (eps, Adam-Baydin's betas) per cell, owned by the level.</summary>
    protected CellValues Constant(Func<LevelConfig, double> value)
    {
        var values = new CellValues(Configs.Select(value).ToList(), Dtype, Device);
        constants.Add(values);
        return values;
    }

    /// <summary>A <c>[K]</c> tensor viewed to broadcast against <paramref name="like"/>.</summary>
    protected static Tensor PerCell(Tensor perCell, Tensor like) => CellValues.PerCell(perCell, like);

    /// <summary>Per-slot state, keyed by the slot of the level below.</summary>
    protected Tensor? State(Parameter slot, string key) => state.TryGetValue((slot, key), out var t) ? t : null;

    protected void SetState(Parameter slot, string key, Tensor value)
    {
        if (state.TryGetValue((slot, key), out var old) && !ReferenceEquals(old, value))
        {
            old.Dispose();
        }

        state[(slot, key)] = value.DetachFromDisposeScope();
    }

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

        foreach (var c in constants)
        {
            c.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
