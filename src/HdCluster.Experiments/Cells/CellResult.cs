namespace HdCluster.Experiments;

/// <summary>How one cell ended, with its final numbers: <see cref="Epochs"/> counts the completed epochs, and the
/// final losses and accuracy are those of the last of them, however the run ended.</summary>
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
