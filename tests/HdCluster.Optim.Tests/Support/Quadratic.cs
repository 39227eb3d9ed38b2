namespace HdCluster.Optim.Tests.Support;

/// <summary>
/// One parameter tensor under the loss <c>0.5 * sum(a * p^2)</c>. Its gradient <c>a * p</c> is known in
/// closed form, so the tests compute every expected value by hand, in plain doubles, and compare it with
/// what the optimizer did to the slot.
/// </summary>
internal sealed class Quadratic : IDisposable
{
    public Quadratic(string name, double[] curvature, double[] start)
    {
        Curvature = curvature;
        Start = start;
        Slot = new Parameter(name, torch.tensor(start, requires_grad: true));
    }

    public Parameter Slot { get; }

    /// <summary>The diagonal <c>a</c> of the quadratic.</summary>
    public double[] Curvature { get; }

    public double[] Start { get; }

    /// <summary>The slot's current value.</summary>
    public double[] Values => Slot.Value.data<double>();

    /// <summary>The gradient of this term at <paramref name="p"/>: <c>a * p</c>.</summary>
    public double[] Gradient(double[] p) => p.Times(Curvature);

    /// <summary>The term's loss, built from the slot's current tensor (so that backward reaches it).</summary>
    public Tensor Loss() => (Slot.Value.square() * torch.tensor(Curvature)).sum() * 0.5;

    public void Dispose() => Slot.Dispose();
}
