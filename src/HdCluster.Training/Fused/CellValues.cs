using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// One number per cell of a fused group (a weight decay, a momentum, a step's bias correction). When every cell
/// has the same value the arithmetic uses the plain scalar, the very operation the per-cell optimizer runs;
/// otherwise a <c>[K]</c> tensor viewed as <c>[K, 1, ..., 1]</c> against the tensor it scales.
/// </summary>
public sealed class CellValues : IDisposable
{
    private readonly double[] values;
    private readonly ScalarType dtype;
    private readonly Device device;
    private Tensor? vector;

    public CellValues(IReadOnlyList<double> values, ScalarType dtype, Device device)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("a fused group has at least one cell", nameof(values));
        }

        this.values = values.ToArray();
        this.dtype = dtype;
        this.device = device;
        IsUniform = this.values.All(v => v.Equals(this.values[0]));
    }

    public IReadOnlyList<double> Values => values;

    public int Count => values.Length;

    /// <summary>Every cell has the same value (then <see cref="Uniform"/> is it).</summary>
    public bool IsUniform { get; }

    public double Uniform => IsUniform ? values[0] : throw new InvalidOperationException("the cells' values differ");

    public bool AllZero => values.All(v => v == 0);

    /// <summary>The values as a <c>[K]</c> tensor on the group's device, made once and owned by this object.</summary>
    public Tensor Vector => vector ??= MakeVector();

    /// <summary>The <c>[K]</c> vector viewed to broadcast against <paramref name="like"/>, whose first dimension is the cell.</summary>
    public Tensor For(Tensor like) => PerCell(Vector, like);

    /// <summary><paramref name="x"/> + value * <paramref name="y"/> (each cell its own value).</summary>
    public Tensor AddScaled(Tensor x, Tensor y) => IsUniform ? x.add(y, values[0]) : x.add(y.mul(For(y)));

    /// <summary>In place: <paramref name="x"/> += value * <paramref name="y"/>.</summary>
    public Tensor AddScaledInPlace(Tensor x, Tensor y) => IsUniform ? x.add_(y, values[0]) : x.add_(y.mul(For(y)));

    public Tensor Mul(Tensor x) => IsUniform ? x.mul(values[0]) : x.mul(For(x));

    public Tensor MulInPlace(Tensor x) => IsUniform ? x.mul_(values[0]) : x.mul_(For(x));

    public Tensor Div(Tensor x) => IsUniform ? x.div(values[0]) : x.div(For(x));

    public Tensor DivInPlace(Tensor x) => IsUniform ? x.div_(values[0]) : x.div_(For(x));

    public Tensor Add(Tensor x) => IsUniform ? x.add(values[0]) : x.add(For(x));

    public Tensor AddInPlace(Tensor x) => IsUniform ? x.add_(values[0]) : x.add_(For(x));

    /// <summary>A <c>[K]</c> tensor viewed as <c>[K, 1, ..., 1]</c> with as many dimensions as <paramref name="like"/>.</summary>
    public static Tensor PerCell(Tensor perCell, Tensor like)
    {
        var rank = like.dim();
        if (rank <= 1)
        {
            return perCell;
        }

        var shape = new long[rank];
        Array.Fill(shape, 1L);
        shape[0] = perCell.size(0);
        return perCell.view(shape);
    }

    private Tensor MakeVector()
    {
        using var host = torch.tensor(values);
        return host.to(dtype, device, copy: true).DetachFromDisposeScope();
    }

    public void Dispose() => vector?.Dispose();
}
