using HdCluster.Data;

namespace HdCluster.TestSupport;

/// <summary>Where the repository and the shared data are: the environment first (as CI sets it), then
/// <c>../shared/data</c> beside the repository.</summary>
public static class TestPaths
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

    public static string DataRoot => new DataRootResolver().Resolve(null, null).Path;
}
