namespace HdCluster.Training;

/// <summary>How one cell ended, with its final numbers.</summary>
public sealed record CellResult(
    CellStatus Status,
    long Steps,
    int Epochs,
    double FinalTrainLoss,
    double FinalValidLoss,
    double FinalValidAccuracy,
    IReadOnlyList<string> HyperparameterNames,
    IReadOnlyList<double> FinalHyperparameters,
    double WallSeconds,
    string? DivergedQuantity = null,
    long? DivergedAtStep = null);
