using System.Text.RegularExpressions;

namespace HdCluster.Deploy.Tests;

/// <summary>
/// The images, read (there is no docker on the development machines to build them): the stage that runs hdc keeps
/// libtorch's OpenMP threads passive before anything loads it, exposes the remoting and management ports the manifests
/// name, runs as the non-root user the manifests require, and has nothing of Redis.
/// </summary>
public class DockerImageTests
{
    public static TheoryData<string> Dockerfiles => new() { "Dockerfile.cpu", "Dockerfile.cuda" };

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_runtime_stage_waits_passively_exposes_the_cluster_ports_and_runs_as_non_root(string dockerfile)
    {
        var runtime = RuntimeStage(dockerfile);
        Assert.Contains("OMP_WAIT_POLICY=PASSIVE", Instruction(runtime, "ENV"), StringComparison.Ordinal);
        Assert.Equal(["4053", "8558"], Instruction(runtime, "EXPOSE").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("10001", Instruction(runtime, "USER"));
        Assert.Equal("[\"hdc\"]", Instruction(runtime, "ENTRYPOINT"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_repository_path_the_build_uses_exists(string dockerfile)
    {
        var text = string.Join("\n", Instructions(dockerfile));
        var paths = Regex.Matches(text, @"(?<![\w/.])(?:src|scripts)/[\w./-]*\w").Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(
            File.Exists(Path.Combine(TestPaths.RepositoryRoot, path)) || Directory.Exists(Path.Combine(TestPaths.RepositoryRoot, path)),
            $"docker/{dockerfile} uses {path}, which is not in the repository"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_runtime_stage_has_the_font_the_reports_draw_with(string dockerfile) =>
        Assert.Contains(RuntimeStage(dockerfile), i => i.StartsWith("RUN ", StringComparison.Ordinal) && i.Contains("fonts-dejavu-core", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_image_has_nothing_of_Redis(string dockerfile)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docker", dockerfile));
        Assert.DoesNotContain("redis", text, StringComparison.OrdinalIgnoreCase);
    }

    // The instructions after the last FROM.
    private static IReadOnlyList<string> RuntimeStage(string dockerfile)
    {
        var instructions = Instructions(dockerfile).ToList();
        var from = instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.True(from >= 0, $"docker/{dockerfile} has no FROM");
        return instructions[from..];
    }

    // Every instruction, continuation lines joined, comments (and the syntax directive) left out.
    private static IReadOnlyList<string> Instructions(string dockerfile)
    {
        var instructions = new List<string>();
        var current = "";
        foreach (var line in File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docker", dockerfile)).Select(l => l.Trim()))
        {
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            current += line.EndsWith('\\') ? line[..^1] : line;
            if (!line.EndsWith('\\'))
            {
                instructions.Add(current);
                current = "";
            }
        }

        return instructions;
    }

    // The arguments of the one instruction of this kind in the stage.
    private static string Instruction(IReadOnlyList<string> stage, string keyword) =>
        Assert.Single(stage, i => i.StartsWith(keyword + " ", StringComparison.Ordinal))[(keyword.Length + 1)..].Trim();
}
