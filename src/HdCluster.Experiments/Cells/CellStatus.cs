namespace HdCluster.Experiments;

/// <summary>How a cell's run ended. Each status has one word (<see cref="CellStatusWords"/>) that the results, the
/// status file, logs and reports all use.</summary>
public enum CellStatus
{
    Completed,

    /// <summary>A NaN or infinity ended the run: a result, not an error.</summary>
    Diverged,

    /// <summary>Stopped early by its owner (cancellation); a checkpoint, if any, lets it resume.</summary>
    Cancelled,

    /// <summary>Every attempt ended in an error (the runner gave up on it); there is no trained result.</summary>
    Failed,
}
