namespace HdCluster.Experiments;

/// <summary>End-of-epoch metrics. Epoch 0 is the untrained model (train loss of the first batch, as Baydin's code logs).</summary>
public sealed record EpochRecord(
    int Epoch,
    long Step,
    double TrainLoss,
    double ValidLoss,
    double ValidAccuracy,
    IReadOnlyList<double> Hyperparameters,
    double WallSeconds,
    double ExamplesPerSecond);
