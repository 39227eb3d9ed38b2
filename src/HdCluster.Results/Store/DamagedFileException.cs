namespace HdCluster.Results.Store;

/// <summary>A store file that Parquet.Net cannot read; the store turns it into a <see cref="ResultsStoreException"/> saying how to recover.</summary>
internal sealed class DamagedFileException(string path, string reason, Exception? inner = null)
    : Exception($"'{path}' cannot be read: {reason}", inner)
{
    internal string Path => path;

    internal string Reason => reason;
}
