using HdCluster.Experiments;
using HdCluster.Training.Fused;

namespace HdCluster.Training.Tests.Fused;

/// <summary>Runs cells alone and fused, and measures how far the fused records stray from the lone ones.</summary>
internal static class FusedRuns
{
    /// <summary>The equivalence criterion: relative error at every recorded number.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Specs separated by ';', one cell each, on the given model, in float64.</summary>
    public static List<CellConfig> Grid(string model, string specs, params long[] seeds)
    {
        var list = specs.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return list.Select((spec, k) => Cell(model, spec, seeds.Length == 0 ? 1 : seeds[k % seeds.Length])).ToList();
    }

    public static CellConfig Cell(string model, string spec, long seed = 1, int epochs = 2)
    {
        var cell = model == "logreg" ? CellRuns.LogReg(spec, epochs) : CellRuns.TanhMlp(spec, epochs) with { Model = model };
        return cell with { Dtype = "float64", Seed = seed };
    }

    public static (IReadOnlyList<CellResult> Results, RecordingSink[] Sinks) RunFused(IReadOnlyList<CellConfig> cells)
    {
        var sinks = cells.Select(_ => new RecordingSink()).ToArray();
        var results = new FusedCellTrainer(cells, TestPaths.DataRoot, sinks).Run();
        return (results, sinks);
    }

    /// <summary>Asserts the fused cell reported the same records as the cell alone (same steps, epochs and outcome;
    /// numbers within <see cref="Tolerance"/>) and returns the largest relative error seen.</summary>
    public static double AssertSameRecords(string label, (CellResult Result, RecordingSink Sink) alone, CellResult fusedResult, RecordingSink fused)
    {
        var worst = 0.0;
        void Check(string what, double expected, double actual)
        {
            var e = RelativeError(actual, expected);
            worst = Math.Max(worst, e);
            Assert.True(e <= Tolerance, $"{label}: {what}: fused {actual:R}, alone {expected:R}, relative error {e:E2}");
        }

        void CheckAll(string what, IReadOnlyList<double> expected, IReadOnlyList<double> actual)
        {
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Check($"{what}[{i}]", expected[i], actual[i]);
            }
        }

        Assert.Equal(alone.Sink.HyperparameterNames, fused.HyperparameterNames);
        Assert.Equal(alone.Sink.Steps.Select(s => (s.Step, s.Epoch)), fused.Steps.Select(s => (s.Step, s.Epoch)));
        for (var i = 0; i < alone.Sink.Steps.Count; i++)
        {
            var (a, f) = (alone.Sink.Steps[i], fused.Steps[i]);
            Check($"step {a.Step} loss", a.Loss, f.Loss);
            CheckAll($"step {a.Step} hyperparameters", a.Hyperparameters, f.Hyperparameters);
        }

        Assert.Equal(alone.Sink.Epochs.Select(e => (e.Epoch, e.Step)), fused.Epochs.Select(e => (e.Epoch, e.Step)));
        for (var i = 0; i < alone.Sink.Epochs.Count; i++)
        {
            var (a, f) = (alone.Sink.Epochs[i], fused.Epochs[i]);
            Check($"epoch {a.Epoch} train loss", a.TrainLoss, f.TrainLoss);
            Check($"epoch {a.Epoch} valid loss", a.ValidLoss, f.ValidLoss);
            Check($"epoch {a.Epoch} valid accuracy", a.ValidAccuracy, f.ValidAccuracy);
            CheckAll($"epoch {a.Epoch} hyperparameters", a.Hyperparameters, f.Hyperparameters);
        }

        var (ar, fr) = (alone.Result, fusedResult);
        Assert.Equal((ar.Status, ar.Steps, ar.Epochs, ar.DivergedQuantity, ar.DivergedAtStep), (fr.Status, fr.Steps, fr.Epochs, fr.DivergedQuantity, fr.DivergedAtStep));
        Check("final train loss", ar.FinalTrainLoss, fr.FinalTrainLoss);
        Check("final valid loss", ar.FinalValidLoss, fr.FinalValidLoss);
        Check("final valid accuracy", ar.FinalValidAccuracy, fr.FinalValidAccuracy);
        CheckAll("final hyperparameters", ar.FinalHyperparameters, fr.FinalHyperparameters);
        Assert.Equal(Assert.Single(alone.Sink.Completions).Status, Assert.Single(fused.Completions).Status);
        return worst;
    }

    /// <summary>Relative error, with equal non-finite values (NaN and NaN, inf and inf) counting as equal.</summary>
    public static double RelativeError(double actual, double expected)
    {
        if (actual.Equals(expected))
        {
            return 0;
        }

        if (!double.IsFinite(actual) || !double.IsFinite(expected))
        {
            return double.PositiveInfinity;
        }

        return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-300);
    }

    /// <summary>Trains every cell alone and the group fused, asserts each cell's records agree, and returns the worst error.</summary>
    public static double AssertFusedEqualsAlone(IReadOnlyList<CellConfig> cells)
    {
        var (results, sinks) = RunFused(cells);
        var worst = 0.0;
        for (var k = 0; k < cells.Count; k++)
        {
            var alone = CellRuns.Run(cells[k]);
            worst = Math.Max(worst, AssertSameRecords($"cell {k} ({cells[k].Optimizer}, seed {cells[k].Seed})", alone, results[k], sinks[k]));
        }

        return worst;
    }
}
