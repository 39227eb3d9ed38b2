namespace HdCluster.Sweeps.Tests;

/// <summary>Shared helpers: parse inline YAML as if it were the file "test.yaml", and assert where an error points.</summary>
internal static class SweepYaml
{
    public const string File = "test.yaml";

    public static Sweep Parse(string yaml) => SweepFile.Parse(yaml, File);

    public static SweepFileException Fails(string yaml, int line, int column, string field)
    {
        var e = Assert.Throws<SweepFileException>(() => Parse(yaml));
        Assert.True((line, column, field) == (e.Line, e.Column, e.Field), $"expected {File}:{line}:{column} {field}, got: {e.Message}");
        Assert.StartsWith($"{File}:{line}:{column}: {field}: ", e.Message);
        return e;
    }

    /// <summary>The repository root, found by walking up to HdCluster.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "HdCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HdCluster.sln not found above the test assembly");
    }
}
