namespace HdCluster.Data;

/// <summary>Bytes of a download on disk so far (a resumed download starts above zero) out of its catalogued size.</summary>
public readonly record struct DownloadProgress(string RelativePath, long BytesDone, long BytesTotal);
