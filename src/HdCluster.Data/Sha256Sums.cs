using System.Globalization;

namespace HdCluster.Data;

/// <summary>
/// A <c>sha256sum</c> manifest: lines of 64 hex digits, a space, a space or '*' (text or binary
/// mode), and a path relative to the manifest's folder. Blank lines and '#' comments are skipped.
/// </summary>
public sealed class Sha256Sums
{
    public const string FileName = "SHA256SUMS";

    private readonly Dictionary<string, string> _entries;

    private Sha256Sums(Dictionary<string, string> entries) => _entries = entries;

    /// <summary>Relative path to lower-case hex digest.</summary>
    public IReadOnlyDictionary<string, string> Entries => _entries;

    public string? Find(string relativePath) =>
        _entries.TryGetValue(Normalize(relativePath), out var sha) ? sha : null;

    /// <exception cref="DataFileException">A line is not in sha256sum's format.</exception>
    public static Sha256Sums Load(string path)
    {
        if (!File.Exists(path))
        {
            throw DataFileException.Missing(path, "a SHA256SUMS manifest");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">Names the manifest in error messages.</param>
    public static Sha256Sums Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') || !IsHex(line.AsSpan(0, 64)))
            {
                throw new DataFileException(
                    source,
                    "lines of '<64 hex digits>  <relative path>'",
                    string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: '{line}'"));
            }

            entries[Normalize(line[66..])] = line[..64].ToLowerInvariant();
        }

        return new Sha256Sums(entries);
    }

    private static bool IsHex(ReadOnlySpan<char> s) => !s.ContainsAnyExcept("0123456789abcdefABCDEF");

    private static string Normalize(string path)
    {
        path = path.Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }
}
