namespace HdCluster.Deploy.Tests;

/// <summary>Where the repository is: the manifests, images and docs these tests read live in it, not beside the tests.</summary>
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
}
