namespace HdCluster.Training;

/// <summary>The minibatch loss of one step (before its update) and every hyperparameter after it.</summary>
public sealed record StepRecord(long Step, int Epoch, double Loss, IReadOnlyList<double> Hyperparameters);

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
