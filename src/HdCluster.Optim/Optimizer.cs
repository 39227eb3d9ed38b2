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

    /// <summary>Backward from <paramref name="loss"/>, then one update. Throws
    /// <see cref="TrainingDivergedException"/> when the loss, a gradient or a hyperparameter is not finite.</summary>
    public void Step(Tensor loss)
    {
        StepCount++;
        using var scope = torch.NewDisposeScope();
        loss.backward();
        var gradients = Parameters.Select(p => p.Value.grad ?? torch.zeros_like(p.Value)).ToArray();
        Update(gradients);
        CheckFinite(loss, gradients);
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
        var flag = loss.detach().all_finite();
        foreach (var t in gradients.Concat(hypers))
        {
            flag = flag.logical_and(t.detach().all_finite());
        }

        if (flag.item() != 0)
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
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);

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
