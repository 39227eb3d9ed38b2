namespace HdCluster.Data;

/// <summary>
/// A data file is missing, truncated or corrupt. The message always names the file and says
/// what was expected and what was found, so a failed run can be diagnosed from its log alone.
/// </summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string filePath, string expected, string found, Exception? innerException = null)
        : base($"{filePath}: expected {expected}, found {found}.", innerException)
    {
        FilePath = filePath;
        Expected = expected;
        Found = found;
    }

    public string FilePath { get; }

    public string Expected { get; }

    public string Found { get; }

    internal static DataFileException Missing(string filePath, string expected) =>
        new(filePath, expected, "no such file");
}
