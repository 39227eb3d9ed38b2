using HdCluster.Experiments;

namespace HdCluster.Training.Replay;

/// <summary>Our trajectory of a case: the traced columns after <c>loss</c>, and per step the loss then those values.</summary>
public sealed record ReplayTrajectory(IReadOnlyList<string> Columns, IReadOnlyList<double[]> Values);

/// <summary>
/// The outcome of replaying one reference case. <see cref="MaxRelativeError"/> is the largest relative error
/// against the trace over all steps, per quantity; <see cref="MaxSpread"/> is the largest relative difference
/// between our run and our own run from initial weights one ulp away: the trajectory's sensitivity to
/// float64 rounding, which bounds how closely any other environment can be expected to agree.
/// </summary>
public sealed record ReplayResult(
    string CaseName,
    string OptimizerSpec,
    int Steps,
    IReadOnlyDictionary<string, double> MaxRelativeError,
    IReadOnlyDictionary<string, double> MaxSpread,
    double Tolerance,
    bool WithinRoundingSpread,
    int? FirstStepBeyondTolerance)
{
    public double WorstError => MaxRelativeError.Values.DefaultIfEmpty(0).Max();

    /// <summary>Every quantity within the tolerance at every step.</summary>
    public bool StrictlyPassed => FirstStepBeyondTolerance is null;

    /// <summary>Within the tolerance, or beyond it only where rounding alone moves our own run comparably.</summary>
    public bool Passed => StrictlyPassed || WithinRoundingSpread;
}
