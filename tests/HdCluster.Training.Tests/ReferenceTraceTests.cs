using HdCluster.Experiments;
using HdCluster.Training.Replay;

namespace HdCluster.Training.Tests;

/// <summary>Every golden trajectory of the papers' own code is reproduced to 1e-6 relative error, or, where the
/// trajectory is chaotic, as closely as float64 rounding allows (see <see cref="ReplayRunner.Run"/>).</summary>
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
        var report = string.Join(", ", result.MaxRelativeError.Select(kv => $"{kv.Key}={kv.Value:E2} (spread {result.MaxSpread[kv.Key]:E1})"));
        Assert.True(result.Passed, $"{caseName} ({result.OptimizerSpec}): {report}");
        Assert.True(result.MaxRelativeError.Count >= 2, "the trace must check at least the loss and one hyperparameter");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AWellConditionedCaseIsHeldToTheStrictTolerance(string caseName)
    {
        var @case = ReferenceCase.Load(Path.Combine(TestPaths.ReferenceTraces, caseName));
        var result = ReplayRunner.Run(@case, TestPaths.MnistTrain);
        if (result.MaxSpread.Values.Max() < 1e-10)
        {
            Assert.True(result.StrictlyPassed, $"{caseName}: worst error {result.WorstError:E2} with rounding spread below 1e-10");
        }
    }

    [Fact]
    public void AWrongFormulaIsCaughtEvenInAChaoticCase()
    {
        // Same case, but the trace is compared against a different optimizer setting: the deviation appears
        // at the first steps, where the rounding spread is still tiny, so the spread cannot excuse it.
        var @case = ReferenceCase.Load(Path.Combine(TestPaths.ReferenceTraces, "tower_rmsprop_sgd"));
        var wrong = @case with { OptimizerSpec = @case.OptimizerSpec.Replace("rmsprop(alpha=0.01)", "rmsprop(alpha=0.01, gamma=0.98)") };
        var result = ReplayRunner.Run(wrong, TestPaths.MnistTrain);
        Assert.False(result.Passed);
        Assert.True(result.FirstStepBeyondTolerance <= 3, $"first bad step {result.FirstStepBeyondTolerance}");
    }
}
