using System.Globalization;

namespace HdCluster.Data;

/// <summary>
/// Checks every file of the catalogued data sets under a data root. The expected SHA-256 comes
/// from the root's SHA256SUMS when it lists the file (what <c>sha256sum -c</c> would use), else
/// from the catalog; with neither, only the size is checked.
/// </summary>
public sealed class DataVerifier
{
    /// <summary>MNIST: the quickstart, the default data set and every MNIST model's. The others are needed only
    /// by the models that train on them, so a root without them is still a working root.</summary>
    public static IReadOnlyList<string> RequiredByDefault { get; } = [DataCatalog.Mnist.Name];

    private readonly IReadOnlyList<DataSetSpec> _dataSets;
    private readonly HashSet<string> _required;

    /// <param name="required">Names of the data sets a root must hold (default: <see cref="RequiredByDefault"/>).</param>
    public DataVerifier(IReadOnlyList<DataSetSpec>? dataSets = null, IEnumerable<string>? required = null)
    {
        _dataSets = dataSets ?? DataCatalog.All;
        _required = new HashSet<string>(required ?? RequiredByDefault, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One result per catalogued data set, in catalog order: present, absent (no file of it at all) or
    /// incomplete, with its files' checks.</summary>
    /// <exception cref="DataFileException">The root's SHA256SUMS exists but is malformed.</exception>
    public IReadOnlyList<DataSetCheck> VerifySets(string dataRoot)
    {
        var files = Verify(dataRoot);
        var results = new List<DataSetCheck>();
        var next = 0;
        foreach (var set in _dataSets)
        {
            var checks = files.Skip(next).Take(set.Files.Count).ToList();
            next += set.Files.Count;
            var missing = checks.Count(c => c.Status == FileCheckStatus.Missing);
            var presence = missing == 0 ? DataSetPresence.Present : missing == checks.Count ? DataSetPresence.Absent : DataSetPresence.Incomplete;
            results.Add(new DataSetCheck(set.Name, _required.Contains(set.Name), presence, checks));
        }

        return results;
    }

    /// <summary>One result per catalogued file, in catalog order.</summary>
    /// <exception cref="DataFileException">The root's SHA256SUMS exists but is malformed.</exception>
    public IReadOnlyList<FileCheck> Verify(string dataRoot)
    {
        var manifestPath = Path.Combine(dataRoot, Sha256Sums.FileName);
        var manifest = File.Exists(manifestPath) ? Sha256Sums.Load(manifestPath) : null;
        var results = new List<FileCheck>();
        foreach (var file in _dataSets.SelectMany(s => s.Files))
        {
            results.Add(Check(dataRoot, file, manifest?.Find(file.RelativePath) ?? file.Sha256));
        }

        return results;
    }

    internal static FileCheck Check(string dataRoot, DataFileSpec file, string? expectedSha256)
    {
        var path = Path.Combine(dataRoot, file.RelativePath);
        if (!File.Exists(path))
        {
            return new FileCheck(file.RelativePath, FileCheckStatus.Missing, expectedSha256, null, $"{path} is missing");
        }

        if (expectedSha256 is null)
        {
            var size = new FileInfo(path).Length;
            return size == file.Size
                ? new FileCheck(file.RelativePath, FileCheckStatus.Ok, null, null, Invariant($"{path}: {size} bytes as expected (no published checksum)"))
                : new FileCheck(file.RelativePath, FileCheckStatus.Mismatch, null, null, Invariant($"{path}: expected {file.Size} bytes, found {size}"));
        }

        var found = FileHash.Sha256(path);
        return FileHash.Same(found, expectedSha256)
            ? new FileCheck(file.RelativePath, FileCheckStatus.Ok, expectedSha256.ToLowerInvariant(), found, $"{path}: SHA-256 {found} as expected")
            : new FileCheck(file.RelativePath, FileCheckStatus.Mismatch, expectedSha256.ToLowerInvariant(), found, $"{path}: expected SHA-256 {expectedSha256.ToLowerInvariant()}, found {found}");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
