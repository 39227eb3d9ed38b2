using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// The fused counterpart of <see cref="Optim.Optimizer"/>: one optimizer over K cells' parameters, each slot
/// holding <c>[K, ...]</c>, each hyperparameter a <c>[K]</c> vector, each piece of state per cell. A step is
/// <see cref="BeginStep"/>, forward, <see cref="Step"/> with the cells' losses; the gradient of their sum gives
/// every cell exactly its own gradient. A cell whose loss, gradient or hyperparameter goes non-finite is frozen
/// from then on: its parameters and hyperparameters stop changing (the update is masked, not multiplied, so a
/// NaN cannot leak), and the other cells go on as if it were not there.
/// </summary>
public abstract class FusedOptimizer : IDisposable
{
    private readonly bool[] frozen;
    private Tensor? activeMask;

    protected FusedOptimizer(IReadOnlyList<Parameter> parameters, int cells)
    {
        if (parameters.Count == 0)
        {
            throw new ArgumentException("an optimizer needs at least one parameter", nameof(parameters));
        }

        foreach (var p in parameters)
        {
            if (p.Value.dim() < 1 || p.Value.size(0) != cells)
            {
                throw new ArgumentException($"parameter {p.Name} is {p.Value.Describe()}; a fused parameter's first dimension is the {cells} cells", nameof(parameters));
            }
        }

        Parameters = parameters;
        Cells = cells;
        frozen = new bool[cells];
        Dtype = parameters[0].Value.dtype;
        Device = parameters[0].Value.device;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>K, the number of cells.</summary>
    public int Cells { get; }

    protected ScalarType Dtype { get; }

    protected Device Device { get; }

    /// <summary>Steps taken so far (the same for every cell; a frozen cell's own count stopped at its divergence).</summary>
    public long StepCount { get; private set; }

    /// <summary>Hyperparameter names in recording order, the same as the per-cell optimizer's.</summary>
    public abstract IReadOnlyList<string> HyperparameterNames { get; }

    /// <summary>Cells frozen after diverging.</summary>
    public IReadOnlyList<bool> Frozen => frozen;

    public bool AllFrozen => frozen.All(f => f);

    /// <summary>Clears the gradients of the last step.</summary>
    public virtual void BeginStep()
    {
        foreach (var p in Parameters)
        {
            p.Value.grad = null;
        }
    }

    /// <summary>Backward from the sum of <paramref name="losses"/> (<c>[K]</c>, each cell's mean loss), one update, and
    /// one read of every cell's loss, hyperparameters and finiteness (a single device sync).</summary>
    public FusedStep Step(Tensor losses)
    {
        StepCount++;
        using var scope = torch.NewDisposeScope();
        losses.sum().backward();
        var gradients = Parameters.Select(p => p.Value.grad ?? torch.zeros_like(p.Value)).ToArray();
        Update(gradients);
        return Inspect(losses, gradients);
    }

    /// <summary>Applies one update given the raw gradients (as backward left them, before weight decay).</summary>
    protected abstract void Update(Tensor[] gradients);

    /// <summary>The applied hyperparameter values, each <c>[K]</c>, in <see cref="HyperparameterNames"/> order.</summary>
    protected abstract IEnumerable<Tensor> HyperparameterTensors();

    /// <summary>Every cell's hyperparameters now: <c>[cell][name]</c> (a device sync).</summary>
    public double[][] ReadHyperparameters()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var table = Table(HyperparameterTensors().ToList());
        return Enumerable.Range(0, Cells).Select(k => Column(table, HyperparameterNames.Count, 0, k)).ToArray();
    }

    /// <summary>Freezes cells: from the next update on their parameters and hyperparameters stay as they are.</summary>
    public void Freeze(IEnumerable<int> cells)
    {
        var changed = false;
        foreach (var k in cells)
        {
            changed |= !frozen[k];
            frozen[k] = true;
        }

        if (changed)
        {
            activeMask?.Dispose();
            using var host = torch.tensor(frozen.Select(f => !f).ToArray());
            activeMask = host.to(ScalarType.Bool, Device, copy: true).DetachFromDisposeScope();
        }
    }

    /// <summary><paramref name="updated"/> for active cells and <paramref name="kept"/> for frozen ones (the cell being the
    /// first dimension of both); <paramref name="updated"/> itself while no cell is frozen, so a group without
    /// divergence pays nothing for the mask.</summary>
    protected Tensor KeepFrozen(Tensor updated, Tensor kept) =>
        activeMask is null ? updated : torch.where(CellValues.PerCell(activeMask, updated), updated, kept);

    /// <summary>The update to subtract, zero for frozen cells (NaN-safe: a frozen cell's NaN is selected away).</summary>
    protected Tensor MaskUpdate(Tensor update)
    {
        if (activeMask is null)
        {
            return update;
        }

        using var zero = torch.scalar(0, update.dtype, update.device);
        return torch.where(CellValues.PerCell(activeMask, update), update, zero);
    }

    /// <summary>The active-cell mask, <c>[K]</c> bool, or null while every cell is active.</summary>
    protected Tensor? ActiveMask => activeMask;

    // The per-cell optimizer's check, cell by cell: one sum of the loss, the gradients, the updated parameters and the
    // hyperparameters is finite exactly when every term is (unless finite values overflow it, which also counts as
    // divergence there); only a cell whose sum is not finite pays for finding out which quantity went first.
    private FusedStep Inspect(Tensor losses, Tensor[] gradients)
    {
        using var noGrad = torch.no_grad();
        var hypers = HyperparameterTensors().ToList();
        var total = losses.detach();
        foreach (var t in gradients.Concat(Parameters.Select(p => p.Value)).Concat(hypers))
        {
            total = total.add(PerCellSum(t).to(total.dtype));
        }

        var rows = new List<Tensor> { losses.detach(), total };
        rows.AddRange(hypers);
        var table = Table(rows);
        var names = HyperparameterNames;
        var lossValues = new double[Cells];
        var hyperValues = new double[Cells][];
        var quantities = new string?[Cells];
        double[]? gradientCounts = null;
        double[]? parameterCounts = null;
        for (var k = 0; k < Cells; k++)
        {
            if (frozen[k])
            {
                hyperValues[k] = [];
                continue;
            }

            lossValues[k] = table[k];
            hyperValues[k] = Column(table, names.Count, 2, k);
            if (double.IsFinite(table[Cells + k]))
            {
                continue;
            }

            if (!double.IsFinite(lossValues[k]))
            {
                quantities[k] = "loss";
            }
            else if (FirstNonFinite(gradientCounts ??= NonFiniteCounts(gradients), gradients.Length, k) is { } i)
            {
                quantities[k] = $"gradient of {Parameters[i].Name}";
            }
            else if (Array.FindIndex(hyperValues[k], v => !double.IsFinite(v)) is var h and >= 0)
            {
                quantities[k] = names[h];
            }
            else if (FirstNonFinite(parameterCounts ??= NonFiniteCounts(Parameters.Select(p => p.Value).ToArray()), Parameters.Count, k) is { } j)
            {
                quantities[k] = $"parameter {Parameters[j].Name}";
            }
            else
            {
                quantities[k] = "a sum of finite values (loss, gradients, parameters, hyperparameters) overflows";
            }
        }

        Freeze(Enumerable.Range(0, Cells).Where(k => quantities[k] is not null));
        return new FusedStep(StepCount, lossValues, hyperValues, quantities);
    }

    // Sum over every non-cell dimension, [K].
    private static Tensor PerCellSum(Tensor t) => t.dim() == 1 ? t.detach() : t.detach().flatten(1).sum(1);

    // Counts of non-finite elements per tensor and cell, [tensors, K].
    private double[] NonFiniteCounts(Tensor[] tensors) =>
        Table(tensors.Select(t => t.detach().isfinite().logical_not().reshape(Cells, -1).sum(1)).ToList());

    private int? FirstNonFinite(double[] counts, int rows, int k)
    {
        for (var i = 0; i < rows; i++)
        {
            if (counts[(i * Cells) + k] > 0)
            {
                return i;
            }
        }

        return null;
    }

    // Stacks [K] rows into one float64 [R, K] table and copies it to the host in one transfer.
    private static double[] Table(IReadOnlyList<Tensor> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        return torch.stack(rows.Select(r => r.detach().to(ScalarType.Float64)).ToList()).data<double>();
    }

    private double[] Column(double[] table, int count, int firstRow, int k)
    {
        var values = new double[count];
        for (var r = 0; r < count; r++)
        {
            values[r] = table[((firstRow + r) * Cells) + k];
        }

        return values;
    }

    public virtual void Dispose()
    {
        activeMask?.Dispose();
        GC.SuppressFinalize(this);
    }
}
