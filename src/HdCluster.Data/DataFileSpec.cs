namespace HdCluster.Data;

/// <summary>
/// A file a data set consists of, as it lies under the data root. <see cref="Sha256"/> is null
/// where no checksum is published (files unpacked from a verified archive): then only the size
/// can be checked.
/// </summary>
public sealed record DataFileSpec(string RelativePath, long Size, string? Sha256);
