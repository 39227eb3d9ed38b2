namespace HdCluster.Data;

/// <summary>
/// Decides where the data sets live. First set wins: the <c>--data</c> value, the
/// <c>HDC_DATA</c> environment variable, the config value, then <c>../shared/data</c> next to
/// the repository root (the folder holding HdCluster.sln, searched upwards from the working
/// directory and then from the application's folder) if that exists. Blank values count as
/// unset; relative values are taken against the working directory.
/// </summary>
public sealed class DataRootResolver
{
    public const string EnvironmentVariable = "HDC_DATA";

    private static readonly string[] RepoMarkers = ["HdCluster.sln", "HdCluster.slnx"];

    private readonly Func<string, string?> _environment;
    private readonly IReadOnlyList<string> _searchFrom;

    /// <param name="environment">Reads an environment variable; tests pass their own.</param>
    /// <param name="searchFrom">Folders to search upwards from for the repository root.</param>
    public DataRootResolver(Func<string, string?>? environment = null, IReadOnlyList<string>? searchFrom = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _searchFrom = searchFrom ?? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
    }

    /// <exception cref="DirectoryNotFoundException">Nothing is set and there is no default folder.</exception>
    public DataRoot Resolve(string? commandLineValue, string? configValue)
    {
        if (!string.IsNullOrWhiteSpace(commandLineValue))
        {
            return new DataRoot(Path.GetFullPath(commandLineValue), DataRootSource.CommandLine);
        }

        var fromEnvironment = _environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new DataRoot(Path.GetFullPath(fromEnvironment), DataRootSource.Environment);
        }

        if (!string.IsNullOrWhiteSpace(configValue))
        {
            return new DataRoot(Path.GetFullPath(configValue), DataRootSource.Config);
        }

        var tried = new List<string>();
        foreach (var start in _searchFrom)
        {
            var repo = FindRepoRoot(start);
            if (repo is null)
            {
                continue;
            }

            var candidate = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data"));
            if (Directory.Exists(candidate))
            {
                return new DataRoot(candidate, DataRootSource.Default);
            }

            tried.Add(candidate);
        }

        var looked = tried.Count == 0 ? "no repository root found above " + string.Join(" or ", _searchFrom) : "no folder " + string.Join(" or ", tried.Distinct());
        throw new DirectoryNotFoundException(
            $"No data folder: pass --data, set {EnvironmentVariable}, or set the data path in the config ({looked}).");
    }

    private static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (RepoMarkers.Any(m => File.Exists(Path.Combine(dir.FullName, m))))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
