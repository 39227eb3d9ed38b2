namespace HdCluster.Cluster.Local;

/// <summary>The outcome of one run of a sweep on this machine.</summary>
/// <param name="Skipped">Cells already done in the results folder before this run.</param>
/// <param name="Stopped">True when the run was stopped before every cell ended; a rerun resumes it.</param>
public sealed record SweepSummary(string Sweep, string ResultsFolder, int Total, int Skipped, int Completed, int Diverged, int Failed, int NotRun, bool Stopped, TimeSpan Elapsed);
