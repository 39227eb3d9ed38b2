namespace HdCluster.Results;

/// <summary>
/// A results folder cannot be read or written as asked: it is not writable, a file in it is
/// corrupt, or another process is compacting it. The message names the folder or file; a
/// DuckDB error behind it is the inner exception.
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
}
