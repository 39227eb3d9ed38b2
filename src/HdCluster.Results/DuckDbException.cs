namespace HdCluster.Results;

/// <summary>
/// An error reported by DuckDB. The message is DuckDB's own text (for example
/// "Invalid Input Error: No magic bytes found at end of file '...'"), so it says what went
/// wrong in DuckDB's words, including the file or SQL position it points at.
/// </summary>
public sealed class DuckDbException : Exception
{
    public DuckDbException(string message)
        : base(message)
    {
    }

    public DuckDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
