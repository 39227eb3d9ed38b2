namespace HdCluster.Reports.Data;

/// <summary>A step record: the minibatch loss and hyperparameters after a training step (NaN where not recorded).</summary>
public sealed record StepPoint(long Step, long Epoch, double Loss, IReadOnlyList<double> Hyperparameters);

/// <summary>An epoch record (epoch 0 is the untrained model): mean training loss, validation loss and accuracy.</summary>
public sealed record EpochPoint(long Step, long Epoch, double TrainLoss, double ValidLoss, double ValidAccuracy, double WallSeconds, IReadOnlyList<double> Hyperparameters);

/// <summary>A cell's curves, in step order; hyperparameter values line up with <see cref="ResultsData.Hyperparameters"/>.</summary>
public sealed class CellCurves
{
    public List<StepPoint> Steps { get; } = [];

    public List<EpochPoint> Epochs { get; } = [];
}
