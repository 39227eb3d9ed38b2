using HdCluster.Training.Replay;

namespace HdCluster.Training.Tests;

/// <summary>Every golden trajectory of the papers' own code is reproduced to 1e-6 relative error.</summary>
public class ReferenceTraceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(TestPaths.ReferenceTraces).Order())
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Fact]
    public void TheReferenceFolderHoldsCases() => Assert.NotEmpty(Cases());

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReplayMatchesTheReferenceTrajectory(string caseName)
    {
        var @case = ReferenceCase.Load(Path.Combine(TestPaths.ReferenceTraces, caseName));
        var result = ReplayRunner.Run(@case, TestPaths.MnistTrain);
        var report = string.Join(", ", result.MaxRelativeError.Select(kv => $"{kv.Key}={kv.Value:E2}"));
        Assert.True(result.Passed, $"{caseName} ({result.OptimizerSpec}): {report}");
        Assert.True(result.MaxRelativeError.Count >= 2, "the trace must check at least the loss and one hyperparameter");
    }
}
