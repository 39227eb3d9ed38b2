namespace HdCluster.Training;

public enum CellStatus
{
    Completed,

    /// <summary>A NaN or infinity ended the run: a result, not an error.</summary>
    Diverged,

    /// <summary>Stopped early by its owner (cancellation); a checkpoint, if any, lets it resume.</summary>
    Cancelled,
}
