using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Torch;
using HdCluster.Training.Fused;
using static HdCluster.Training.Tests.Fused.FusedRuns;

namespace HdCluster.Training.Tests.Fused;

/// <summary>A cell that diverges inside a fused group ends as diverged at its own step, with what it reports alone,
/// and is frozen; the other cells train on exactly as they would alone.</summary>
public class FusedDivergenceTests
{
    [Theory]
    [InlineData("logreg", "sgd_hd(lr=0.01, beta=1e-3); sgd(1e306); sgdn(lr=0.01, mu=0.9)")]
    [InlineData("mlp", "sgd(0.01); sgd(1e200)")]
    [InlineData("mlp_tanh", "rmsprop(0.01) / sgd(1e-4); rmsprop(0.01) / sgd(1e300); rmsprop(0.02) / sgd(1e-3)")]
    public void ADivergingCellEndsAtItsOwnStepAndTheOthersAreUnaffected(string model, string specs)
    {
        var cells = Grid(model, specs).Select(c => c with { Epochs = 3 }).ToList();
        var (results, sinks) = RunFused(cells);

        Assert.Contains(results, r => r.Status == CellStatus.Diverged);
        Assert.Contains(results, r => r.Status == CellStatus.Completed);
        for (var k = 0; k < cells.Count; k++)
        {
            AssertSameRecords($"cell {k} ({cells[k].Optimizer})", CellRuns.Run(cells[k]), results[k], sinks[k]);
        }
    }

    [Fact]
    public void AFrozenCellsParametersAndRateStopChangingWhileTheOthersTrain()
    {
        using var generator = new Generator(3);
        var cells = Enumerable.Range(0, 3).Select(_ => new Mlp(20, [8], 4, Activation.Relu, MlpHead.Logits, generator, ScalarType.Float64)).ToList();
        using var model = FusedMlp.Stack(cells);
        cells.ForEach(c => c.Dispose());
        using var optimizer = FusedOptimizerFactory.Create(new[] { "sgd_hd(lr=0.1, beta=1e-3)", "sgd_hd(lr=1e200, beta=1e-3)", "sgd_hd(lr=0.05, beta=1e-2)" }.Select(OptimizerConfigResolver.Resolve).ToList(), model.parameters());
        using var x = torch.randn([16, 20], generator, ScalarType.Float64);
        using var y = torch.randint(0, 4, [16], generator);

        var divergedAt = (long?)null;
        double[]? frozenParameters = null;
        double[]? frozenRate = null;
        double[]? otherParameters = null;
        for (var step = 0; step < 8; step++)
        {
            optimizer.BeginStep();
            using var scope = torch.NewDisposeScope();
            var report = optimizer.Step(model.losses(model.forwardShared(x), y));
            Assert.Null(report.DivergedQuantity[0]);
            Assert.Null(report.DivergedQuantity[2]);
            if (report.DivergedQuantity[1] is not null)
            {
                Assert.Null(divergedAt);
                divergedAt = report.Step;
            }

            if (divergedAt is not null)
            {
                var now = Slice(model, 1);
                var rate = optimizer.ReadHyperparameters()[1];
                if (frozenParameters is null)
                {
                    (frozenParameters, frozenRate) = (now, rate);
                }
                else
                {
                    Assert.Equal(frozenParameters, now);
                    Assert.Equal(frozenRate, rate);
                    Assert.NotEqual(otherParameters, Slice(model, 0));
                }

                otherParameters = Slice(model, 0);
            }
        }

        Assert.NotNull(divergedAt);
        Assert.True(optimizer.Frozen[1]);
        Assert.False(optimizer.Frozen[0] || optimizer.Frozen[2]);
    }

    private static double[] Slice(FusedMlp model, int cell) =>
        model.parameters().SelectMany(p => p.Value.detach()[cell].contiguous().data<double>()).ToArray();
}
