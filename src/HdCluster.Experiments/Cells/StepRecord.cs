namespace HdCluster.Experiments;

/// <summary>The minibatch loss of one step (before its update) and every hyperparameter after it.</summary>
public sealed record StepRecord(long Step, int Epoch, double Loss, IReadOnlyList<double> Hyperparameters);
