namespace HdCluster.Data;

public enum DataSetPresence
{
    /// <summary>Every file of the set is there (each may still fail its checksum).</summary>
    Present,

    /// <summary>No file of the set is there: it was never fetched.</summary>
    Absent,

    /// <summary>Some files are there and some are not: a fetch stopped half way, or a file was deleted.</summary>
    Incomplete,
}

/// <summary>One data set under a data root: whether it is there, whether the root must have it, and each file's check.</summary>
public sealed record DataSetCheck(string Name, bool Required, DataSetPresence Presence, IReadOnlyList<FileCheck> Files)
{
    /// <summary>Fine as it is: an optional set may be absent; what is there must match, and a required set must be whole.</summary>
    public bool Passed =>
        Files.All(f => f.Status != FileCheckStatus.Mismatch)
        && Presence != DataSetPresence.Incomplete
        && !(Required && Presence == DataSetPresence.Absent);
}
