namespace HdCluster.Training.Replay;

/// <summary>The outcome of replaying one reference case: the largest relative error over all steps of the
/// loss and of each hyperparameter.</summary>
public sealed record ReplayResult(string CaseName, string OptimizerSpec, int Steps, IReadOnlyDictionary<string, double> MaxRelativeError, double Tolerance)
{
    public double WorstError => MaxRelativeError.Values.DefaultIfEmpty(0).Max();

    public bool Passed => MaxRelativeError.Values.All(e => e <= Tolerance);
}
