namespace HdCluster.Engine.Cluster.Tests;

/// <summary>Where the repository, the CLI built beside these tests, the native bridge and the data are.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HdCluster.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"no HdCluster.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>hdc.dll, built beside the tests by the project reference to the CLI.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "hdc.dll");

    public static string NativeDir =>
        Environment.GetEnvironmentVariable("HDC_NATIVE_DIR") is { Length: > 0 } fromEnv ? fromEnv : Path.Combine(RepositoryRoot, "build", "native");

    public static string DataRoot =>
        Environment.GetEnvironmentVariable("HDC_DATA") is { Length: > 0 } fromEnv ? fromEnv : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
}
