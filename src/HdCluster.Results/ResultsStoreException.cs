namespace HdCluster.Results;

/// <summary>
/// A results folder cannot be read or written as asked: it is not writable, a file in it is
/// damaged, or another process is compacting it. The message names the folder or file and says
/// how to recover; a DuckDB or I/O error behind it is the inner exception.
/// </summary>
public sealed class ResultsStoreException : Exception
{
    public ResultsStoreException(string message)
        : base(message)
    {
    }

    public ResultsStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResultsStoreException(string message, IReadOnlyList<string> damagedFiles, Exception innerException)
        : base(message, innerException)
    {
        DamagedFiles = damagedFiles;
    }

    /// <summary>
    /// The files found damaged (truncated, not Parquet, unreadable), when that is the trouble;
    /// <see cref="ResultsStore.RebuildFromIntactFiles"/> sets them aside and rebuilds without them.
    /// </summary>
    public IReadOnlyList<string> DamagedFiles { get; } = [];
}
