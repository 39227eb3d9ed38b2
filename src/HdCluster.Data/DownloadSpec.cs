namespace HdCluster.Data;

/// <summary>
/// One file to fetch: where it is saved (relative to the data root, and relative to a base URL
/// override), its size and SHA-256, and its addresses in order of preference. When
/// <see cref="IsTarGz"/> is set it is an archive: the data set's files are unpacked from it and
/// it is deleted afterwards.
/// </summary>
public sealed record DownloadSpec(string RelativePath, long Size, string Sha256, IReadOnlyList<Uri> Sources, bool IsTarGz = false);
