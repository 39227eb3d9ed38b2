using HdCluster.Torch;

namespace HdCluster.Optim;

/// <summary>
/// One optimizer over a model's parameter slots. A training step is
/// <c>BeginStep()</c>, forward pass, <c>Step(loss)</c>: the optimizer runs backward itself, because
/// hyperoptimizers need control of how gradients are kept.
/// </summary>
public abstract class Optimizer : IDisposable
{
    protected Optimizer(IReadOnlyList<Parameter> parameters)
    {
        if (parameters.Count == 0)
        {
            throw new ArgumentException("an optimizer needs at least one parameter", nameof(parameters));
        }

        Parameters = parameters;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>Names of the hyperparameters in recording order, e.g. <c>L1.lr</c> or <c>L2.alpha</c>.</summary>
    public abstract IReadOnlyList<string> HyperparameterNames { get; }

    /// <summary>Prepares the slots for a forward pass: clears gradients left by the last step.</summary>
    public virtual void BeginStep()
    {
        foreach (var p in Parameters)
        {
            p.Value.grad = null;
        }
    }

    /// <summary>Backward from <paramref name="loss"/>, then one update. Throws (after the update)
    /// <see cref="TrainingDivergedException"/> when the loss, a gradient or a hyperparameter is not finite.</summary>
    public void Step(Tensor loss)
    {
        StepCount++;
        using var scope = torch.NewDisposeScope();
        loss.backward();
        var gradients = Parameters.Select(p => p.Value.grad ?? torch.zeros_like(p.Value)).ToArray();
        if (CaptureNextUpdate)
        {
            CaptureNextUpdate = false;
            LastUpdateSnapshot?.Values.ToList().ForEach(t => t.Dispose());
            LastUpdateSnapshot = TakeSnapshot(gradients);
        }

        Update(gradients);
        CheckFinite(loss, gradients);
    }

    /// <summary>Set before a step to have that step's inputs kept in <see cref="LastUpdateSnapshot"/> (for a checkpoint).</summary>
    public bool CaptureNextUpdate { get; set; }

    /// <summary>
    /// Everything one update consumed: the optimizer state and every tracked slot's value and gradient before
    /// it. Replaying it (<see cref="ReplayUpdate"/>) recreates the update exactly, including, for a
    /// hyperoptimizer, the autograd link from the new values to the hyperparameters that the next
    /// hypergradient needs; a plain state dictionary cannot carry that link.
    /// </summary>
    public Dictionary<string, Tensor>? LastUpdateSnapshot { get; private set; }

    /// <summary>Every slot an update reads, under a unique name: the model's parameters and, for
    /// hyperoptimizers, the hyperparameters of every level.</summary>
    protected virtual IEnumerable<(string Name, Parameter Slot, bool LearnsByGradient)> TrackedSlots() =>
        Parameters.Select(p => ($"param.{p.Name}", p, true));

    private Dictionary<string, Tensor> TakeSnapshot(Tensor[] gradients)
    {
        var snapshot = StateDict().ToDictionary(kv => $"state/{kv.Key}", kv => kv.Value.DetachFromDisposeScope());
        var modelGradients = Parameters.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => gradients[x.i]);
        foreach (var (name, slot, _) in TrackedSlots())
        {
            snapshot[$"value/{name}"] = slot.Value.detach().clone().DetachFromDisposeScope();
            var grad = modelGradients.TryGetValue(slot, out var g) ? g : slot.Value.grad;
            if (grad is not null)
            {
                snapshot[$"grad/{name}"] = grad.detach().clone().DetachFromDisposeScope();
            }
        }

        return snapshot;
    }

    /// <summary>Restores the state before the snapshotted update and performs that update again, leaving the
    /// optimizer and the slots exactly as the uninterrupted run had them after it.</summary>
    public void ReplayUpdate(IReadOnlyDictionary<string, Tensor> snapshot)
    {
        using var scope = torch.NewDisposeScope();
        LoadStateDict(snapshot.Where(kv => kv.Key.StartsWith("state/", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
        var gradients = new Tensor[Parameters.Count];
        foreach (var (name, slot, learns) in TrackedSlots())
        {
            var value = snapshot.TryGetValue($"value/{name}", out var v) ? v : throw new ArgumentException($"update snapshot has no value for '{name}'", nameof(snapshot));
            slot.Value = learns ? v.detach().clone().requires_grad_() : v.detach().clone();
            if (snapshot.TryGetValue($"grad/{name}", out var g))
            {
                var index = Parameters.ToList().IndexOf(slot);
                if (index >= 0)
                {
                    gradients[index] = g.detach().clone();
                }
                else
                {
                    slot.Value.grad = g.detach().clone();
                }
            }
        }

        for (var i = 0; i < gradients.Length; i++)
        {
            gradients[i] ??= torch.zeros_like(Parameters[i].Value);
        }

        Update(gradients);
    }

    /// <summary>Applies one update given the raw gradients (as backward left them, before weight decay).</summary>
    protected abstract void Update(Tensor[] gradients);

    /// <summary>The applied values of the hyperparameters, as 0-dim tensors in <see cref="HyperparameterNames"/> order.</summary>
    protected abstract IEnumerable<Tensor> HyperparameterTensors();

    /// <summary>Reads the current hyperparameter values (a device sync; call at the recording stride).</summary>
    public double[] ReadHyperparameters()
    {
        using var scope = torch.NewDisposeScope();
        return HyperparameterTensors().Select(t => t.item()).ToArray();
    }

    /// <summary>Optimizer state for checkpoints: every tensor it carries between steps, by name.</summary>
    public abstract Dictionary<string, Tensor> StateDict();

    public abstract void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);

    protected void RestoreStepCount(long steps) => StepCount = steps;

    // One device sync per step: all checks are reduced to a single flag first, and only a failure
    // pays for finding out which quantity it was.
    private void CheckFinite(Tensor loss, Tensor[] gradients)
    {
        var hypers = HyperparameterTensors().ToArray();

        // A sum is finite exactly when every term is, unless it overflows, which only values far beyond
        // any sane run's reach can do; it needs no mask the size of each tensor, unlike isfinite().all().
        var total = loss.detach().sum();
        foreach (var t in gradients.Concat(Parameters.Select(p => p.Value)).Concat(hypers))
        {
            total = total.add(t.detach().sum().to(total.dtype));
        }

        if (total.all_finite().item() != 0)
        {
            return;
        }

        if (loss.all_finite().item() == 0)
        {
            throw new TrainingDivergedException(StepCount, "loss");
        }

        for (var i = 0; i < gradients.Length; i++)
        {
            if (gradients[i].all_finite().item() == 0)
            {
                throw new TrainingDivergedException(StepCount, $"gradient of {Parameters[i].Name}");
            }
        }

        var names = HyperparameterNames;
        for (var i = 0; i < hypers.Length; i++)
        {
            if (hypers[i].all_finite().item() == 0)
            {
                throw new TrainingDivergedException(StepCount, names[i]);
            }
        }

        foreach (var p in Parameters)
        {
            if (p.Value.detach().all_finite().item() == 0)
            {
                throw new TrainingDivergedException(StepCount, $"parameter {p.Name}");
            }
        }

        throw new TrainingDivergedException(StepCount, "a sum of finite values (loss, gradients, parameters, hyperparameters) overflows");
    }

    public virtual void Dispose()
    {
        foreach (var t in LastUpdateSnapshot?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }

        LastUpdateSnapshot = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Replaces a state tensor the optimizer owns, releasing the previous one.</summary>
    protected static void Keep(ref Tensor? field, Tensor value)
    {
        if (ReferenceEquals(field, value))
        {
            return;
        }

        field?.Dispose();
        field = value.DetachFromDisposeScope();
    }
}
