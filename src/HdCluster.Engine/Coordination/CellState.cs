namespace HdCluster.Engine.Coordination;

/// <summary>Where a cell of an open sweep stands; the letters are what a snapshot stores per cell.</summary>
internal enum CellState : byte
{
    /// <summary>Waits for a worker (never tried, or back after a stop, a failure or a lost worker).</summary>
    Waiting = (byte)'w',

    /// <summary>On a worker.</summary>
    Running = (byte)'r',

    /// <summary>Trained (or given up); its row is being written and it is not done until the aggregator says so.</summary>
    Writing = (byte)'p',

    Completed = (byte)'c',
    Diverged = (byte)'d',
    Failed = (byte)'f',

    /// <summary>Done before this sweep was opened (its row was in the results folder).</summary>
    Skipped = (byte)'s',
}
