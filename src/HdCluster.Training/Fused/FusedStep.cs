namespace HdCluster.Training.Fused;

/// <summary>
/// What one fused step did, per cell: the minibatch loss before the update, every hyperparameter after it, and,
/// for a cell that went non-finite at this step, the quantity that did (<c>loss</c>, <c>gradient of
/// layers.0.weight</c>, <c>L1.lr</c>: what the per-cell optimizer would have thrown). Cells frozen at an
/// earlier step have no numbers here.
/// </summary>
public sealed record FusedStep(long Step, double[] Losses, double[][] Hyperparameters, string?[] DivergedQuantity)
{
    public bool Diverged(int cell) => DivergedQuantity[cell] is not null;
}
