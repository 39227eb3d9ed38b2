namespace HdCluster.Engine.Status;

/// <summary>The outcome of one run of a sweep on this machine.</summary>
/// <param name="Skipped">Cells already done in the results folder before this run.</param>
/// <param name="NotRun">Cells with no row from this run: never started, or cancelled in flight.</param>
/// <param name="Stopped">True when the run was stopped before every cell ended; a rerun resumes it.</param>
/// <param name="Fault">Why the sweep stopped itself (data it cannot read, results it cannot write); null when it
/// ran to the end or was stopped from outside.</param>
public sealed record SweepSummary(string Sweep, string ResultsFolder, int Total, int Skipped, int Completed, int Diverged, int Failed, int NotRun, bool Stopped, TimeSpan Elapsed, string? Fault = null);
