namespace HdCluster.Data.Tests;

/// <summary>The real data sets in ../shared/data next to the repository root.</summary>
internal static class SharedData
{
    public static string Root { get; } = new DataRootResolver(_ => null).Resolve(null, null).Path;
}
