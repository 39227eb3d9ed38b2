using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Optim.Towers;

/// <summary>
/// A stack of <see cref="TowerLevel"/>s of any height. Level 1 updates the model; level k+1 updates level k's
/// hyperparameters, using the gradient that the model loss sent back to them through the graph of level k's
/// last update (zero on the first step, when no such update exists yet). The top level's hyperparameters
/// are fixed. Each step runs top-down: a level first has its own hyperparameters updated, then applies
/// them, as gdtuo does.
/// </summary>
public sealed class TowerOptimizer : Optimizer
{
    private readonly TowerConfig config;
    private readonly TowerLevel[] levels;

    public TowerOptimizer(IReadOnlyList<Parameter> parameters, TowerConfig config)
        : base(parameters)
    {
        if (config.Levels.Count == 0)
        {
            throw new ArgumentException("a tower needs at least one level", nameof(config));
        }

        this.config = config;
        var first = parameters[0].Value;
        levels = config.Levels.Select(l => Create(l, first.dtype, first.device)).ToArray();
    }

    public int Height => levels.Length;

    public IReadOnlyList<TowerLevel> Levels => levels;

    public override IReadOnlyList<string> HyperparameterNames => config.HyperparameterNames;

    private static TowerLevel Create(LevelConfig level, ScalarType dtype, Device device) => level.Kind switch
    {
        LevelKind.Sgd => new SgdLevel(level, dtype, device),
        LevelKind.Adam or LevelKind.AdamBaydin => new AdamLevel(level, dtype, device),
        LevelKind.AdaGrad => new AdaGradLevel(level, dtype, device),
        LevelKind.RmsProp => new RmsPropLevel(level, dtype, device),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level.Kind, "unknown tower level kind"),
    };

    /// <summary>Makes the model's parameters and every learned hyperparameter collect gradients in the
    /// coming backward pass. The top level's hyperparameters are fixed and need none.</summary>
    public override void BeginStep()
    {
        foreach (var p in Parameters)
        {
            Track(p);
        }

        for (var k = 0; k < levels.Length - 1; k++)
        {
            foreach (var h in levels[k].Hyperparameters)
            {
                Track(h);
            }
        }
    }

    /// <summary>Makes a slot collect its gradient in the next backward: a leaf is reset and made to require
    /// grad, a non-leaf (the result of the last differentiable update) retains its gradient.</summary>
    public static void Track(Parameter slot)
    {
        var value = slot.Value;
        if (value.is_leaf)
        {
            value.grad = null;
            if (!value.requires_grad)
            {
                value.requires_grad = true;
            }
        }
        else
        {
            value.retain_grad();
        }
    }

    protected override void Update(Tensor[] gradients) =>
        Cascade(levels.Length, k => levels[k].Hyperparameters, (k, below, g) => levels[k].Update(below, g), Parameters, gradients);

    protected override IEnumerable<(string Name, Parameter Slot, bool LearnsByGradient)> TrackedSlots() =>
        base.TrackedSlots().Concat(levels.SelectMany((level, k) =>
            level.Hyperparameters.Select(h => ($"L{k + 1}.{h.Name}", h, k < levels.Length - 1))));

    /// <summary>
    /// One step of a tower of <paramref name="height"/> levels, top down: each level first lets the levels above
    /// update its own hyperparameters from their hypergradients, then updates what lies below it (the model's
    /// parameters for level 0) with its gradients. Shared by every tower, fused or not, so the order is one rule.
    /// </summary>
    /// <param name="hyperparametersOf">Level k's hyperparameter slots.</param>
    /// <param name="update">Level k updates the slots below it from their gradients.</param>
    public static void Cascade(int height, Func<int, IReadOnlyList<Parameter>> hyperparametersOf, Action<int, IReadOnlyList<Parameter>, Tensor[]> update, IReadOnlyList<Parameter> parameters, Tensor[] gradients)
    {
        void Step(int k, IReadOnlyList<Parameter> below, Tensor[] g)
        {
            if (k + 1 < height)
            {
                // Read this level's hypergradients before the level above replaces the tensors holding them.
                var own = hyperparametersOf(k);
                var hypergradients = own.Select(h => h.Value.grad ?? torch.zeros_like(h.Value)).ToArray();
                Step(k + 1, own, hypergradients);

                // The level above is fixed at the top of the tower, so its update may leave these values
                // outside autograd; they must record this level's update for the next hypergradient.
                foreach (var h in own)
                {
                    if (!h.Value.requires_grad)
                    {
                        h.Value.requires_grad = true;
                    }
                }
            }

            update(k, below, g);
        }

        Step(0, parameters, gradients);
    }

    protected override IEnumerable<Tensor> HyperparameterTensors() => levels.SelectMany(l => l.AppliedValues());

    /// <summary>Stored hyperparameters, per-slot state and step counts of every level. Restoring it gives the
    /// same values, but not the autograd link to the last update, so the first hypergradient after a
    /// restore is zero; exact resumption replays the last update instead (see the trainer's checkpoints).</summary>
    public override Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = torch.scalar(StepCount, ScalarType.Int64) };
        for (var k = 0; k < levels.Length; k++)
        {
            var prefix = $"L{k + 1}.";
            foreach (var h in levels[k].Hyperparameters)
            {
                state[$"{prefix}hyper.{h.Name}"] = h.Value.detach().clone();
            }

            foreach (var (name, value) in levels[k].StateTensors())
            {
                state[$"{prefix}state.{name}"] = value.detach().clone();
            }

            if (levels[k] is AdamLevel adam)
            {
                state[$"{prefix}steps"] = torch.scalar(adam.Steps, ScalarType.Int64);
            }
        }

        return state;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        RestoreStepCount(Baydin.SgdHd.StateValue(state, "step").itemLong());
        for (var k = 0; k < levels.Length; k++)
        {
            var prefix = $"L{k + 1}.";
            foreach (var h in levels[k].Hyperparameters)
            {
                using var scope = torch.NewDisposeScope();
                h.Value = Baydin.SgdHd.StateValue(state, $"{prefix}hyper.{h.Name}").detach().clone();
            }

            var below = k == 0 ? Parameters : levels[k - 1].Hyperparameters;
            levels[k].LoadState(below, state, $"{prefix}state.");
            if (levels[k] is AdamLevel adam)
            {
                adam.Steps = Baydin.SgdHd.StateValue(state, $"{prefix}steps").itemLong();
            }
        }
    }

    public override void Dispose()
    {
        foreach (var level in levels)
        {
            level.Dispose();
        }

        base.Dispose();
    }
}
