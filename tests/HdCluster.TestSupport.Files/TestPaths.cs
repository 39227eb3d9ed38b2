using HdCluster.Data;

namespace HdCluster.TestSupport;

/// <summary>Where the repository, the CLI built beside the tests, the shared data and the reference traces are: the
/// environment first (as CI sets it), then <c>../shared</c> beside the repository.</summary>
public static class TestPaths
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

    /// <summary>hdc.dll, built beside the tests of a project that references the CLI.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "hdc.dll");

    public static string DataRoot => new DataRootResolver().Resolve(null, null).Path;

    public static string ReferenceTraces =>
        Environment.GetEnvironmentVariable("HDC_REFERENCE_TRACES") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "reference", "optimizer-traces"));

    /// <summary>The MNIST training set, loaded once for all the tests of a run.</summary>
    public static ImageSet MnistTrain => MnistTrainSet.Value;
}
