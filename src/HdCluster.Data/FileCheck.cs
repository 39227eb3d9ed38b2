namespace HdCluster.Data;

public enum FileCheckStatus
{
    Ok,
    Missing,
    Mismatch,
}

/// <summary>
/// The outcome of checking one file. Hashes are lower-case hex; <see cref="ExpectedSha256"/> is
/// null when only the size could be checked, and <see cref="FoundSha256"/> is null when the file
/// is missing or only its size was checked. <see cref="Detail"/> is a sentence for people.
/// </summary>
public sealed record FileCheck(string RelativePath, FileCheckStatus Status, string? ExpectedSha256, string? FoundSha256, string Detail);
