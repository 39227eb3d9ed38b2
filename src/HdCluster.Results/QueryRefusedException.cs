namespace HdCluster.Results;

/// <summary>
/// A query tried more than reading the sweep's results: a statement that writes or changes
/// settings (COPY, ATTACH, SET, INSTALL, LOAD, CREATE, ...), more than one statement, or a read
/// of a file outside the results folder. Nothing was run and nothing changed on disk.
/// </summary>
public sealed class QueryRefusedException : Exception
{
    public QueryRefusedException(string message)
        : base(message)
    {
    }

    public QueryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
