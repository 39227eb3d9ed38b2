namespace HdCluster.Optim;

/// <summary>A NaN or infinity appeared in the loss, a gradient or a hyperparameter. A diverged run is a
/// result, not a failure: the trainer records it and stops the cell.</summary>
public sealed class TrainingDivergedException(long step, string quantity)
    : Exception($"diverged at step {step}: {quantity} is not finite")
{
    public long Step { get; } = step;

    /// <summary>What went non-finite first: <c>loss</c>, <c>gradient of layers.0.weight</c>, <c>L1.lr</c>, ...</summary>
    public string Quantity { get; } = quantity;
}
