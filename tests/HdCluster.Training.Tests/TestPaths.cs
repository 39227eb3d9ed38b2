using HdCluster.Data;

namespace HdCluster.Training.Tests;

/// <summary>Where the shared data and reference traces are: the environment first (as CI sets it), then
/// <c>../shared</c> beside the repository.</summary>
internal static class TestPaths
{
    private static readonly Lazy<ImageSet> MnistTrainSet = new(() => Mnist.LoadTrain(DataRoot));

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

    public static string ReferenceTraces =>
        Environment.GetEnvironmentVariable("HDC_REFERENCE_TRACES") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference", "optimizer-traces"));

    public static ImageSet MnistTrain => MnistTrainSet.Value;
}
