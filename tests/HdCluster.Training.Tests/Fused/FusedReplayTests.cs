using System.Globalization;
using System.Text.RegularExpressions;
using HdCluster.Experiments;
using HdCluster.Training.Fused;
using HdCluster.Training.Replay;
using Xunit.Abstractions;

namespace HdCluster.Training.Tests.Fused;

/// <summary>The golden trajectories of the papers' code, replayed as fused groups, pass exactly as they pass alone
/// (<see cref="ReplayRunner.Run"/>'s criterion, and strictly wherever they pass strictly alone).</summary>
public partial class FusedReplayTests(ITestOutputHelper output)
{
    private static ReferenceCase Load(string name) => ReferenceCase.Load(Path.Combine(TestPaths.ReferenceTraces, name));

    [Theory]
    [InlineData("logreg_sgd", "logreg_sgd_hd", "logreg_sgdn", "logreg_sgdn_hd")]
    [InlineData("logreg_adam", "logreg_adam_hd")]
    public void CasesOfOneModelAndOptimizerStructureReplayedAsOneGroupStillPass(params string[] names)
    {
        var cases = names.Select(Load).ToList();
        var fused = FusedReplay.Run(cases, TestPaths.MnistTrain);
        for (var k = 0; k < cases.Count; k++)
        {
            AssertPassesAsAlone(cases[k], fused[k]);
        }
    }

    [Theory]
    [InlineData("mlp_sgd_hd")]
    [InlineData("mlp_adam_hd")]
    [InlineData("tower_sgd_sgd")]
    [InlineData("tower_sgdmom_sgd")]
    [InlineData("tower_adam_sgd")]
    [InlineData("tower_adagrad_sgd")]
    [InlineData("tower_rmsprop_sgd")]
    [InlineData("tower_sgd_x4")]
    public void ACaseFusedWithACompanionOfOtherValuesStillPassesAndTheCompanionMatchesItsRunAlone(string name)
    {
        // No other golden case shares these structures, so the group's second cell is the same case with every step
        // size halved: it has no trace, but it must reproduce its own unfused replay.
        var @case = Load(name);
        var companion = @case with { Name = name + "_halved", OptimizerSpec = Halve(@case.OptimizerSpec) };
        Assert.NotEqual(@case.OptimizerSpec, companion.OptimizerSpec);

        var fused = FusedReplay.Run([@case, companion], TestPaths.MnistTrain);
        AssertPassesAsAlone(@case, fused[0]);

        var together = FusedReplay.Simulate([@case, companion], TestPaths.MnistTrain)[1];
        var alone = ReplayRunner.Simulate(companion, TestPaths.MnistTrain);
        var worst = 0.0;
        for (var step = 0; step < alone.Values.Count; step++)
        {
            for (var c = 0; c < alone.Values[step].Length; c++)
            {
                worst = Math.Max(worst, FusedRuns.RelativeError(together.Values[step][c], alone.Values[step][c]));
            }
        }

        output.WriteLine($"{companion.OptimizerSpec}: worst relative error fused vs alone {worst:E2}");
        Assert.True(worst <= FusedRuns.Tolerance, $"{companion.Name}: fused differs from alone by {worst:E2}");
    }

    private void AssertPassesAsAlone(ReferenceCase @case, ReplayResult fused)
    {
        var alone = ReplayRunner.Run(@case, TestPaths.MnistTrain);
        output.WriteLine($"{@case.Name}: fused worst {fused.WorstError:E2} (strict {fused.StrictlyPassed}), alone worst {alone.WorstError:E2} (strict {alone.StrictlyPassed})");
        Assert.True(fused.Passed, $"{@case.Name} fused: worst error {fused.WorstError:E2}");
        Assert.True(fused.StrictlyPassed || !alone.StrictlyPassed, $"{@case.Name} passes strictly alone but not fused (worst {fused.WorstError:E2})");
    }

    private static string Halve(string spec) => StepSize().Replace(spec, m =>
        $"{m.Groups[1].Value}={(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) / 2).ToString("R", CultureInfo.InvariantCulture)}");

    [GeneratedRegex(@"\b(alpha|lr)=([0-9.eE+-]+)")]
    private static partial Regex StepSize();
}
