using Xunit.Abstractions;
using static HdCluster.Training.Tests.Fused.FusedRuns;

namespace HdCluster.Training.Tests.Fused;

/// <summary>In float64, every cell of a fused group reports what it reports trained alone, to a relative error of
/// 1e-9 at every recorded step and epoch, for every optimizer family and for grids mixing values and seeds.</summary>
public class FusedEquivalenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sgd(lr=0.01, wd=1e-4); sgd_hd(lr=0.001, beta=1e-3, wd=1e-4); sgdn(lr=0.01, mu=0.9, wd=1e-4); sgdn_hd(lr=0.003, beta=1e-3, mu=0.8, wd=1e-4)")]
    [InlineData("sgd_hd(lr=0.01, beta=1e-3); sgd_hd(lr=0.05, beta=1e-4); sgd_hd(lr=0.001, beta=1e-2)")]
    [InlineData("sgd(lr=0.01, mu=0.9); sgd(lr=0.03, mu=0.5, wd=1e-4)")]
    [InlineData("adam(lr=0.001, wd=1e-4); adam_hd(lr=0.001, beta=1e-7, wd=1e-4); adam_hd(lr=0.01, beta=1e-6, beta1=0.8, beta2=0.99)")]
    [InlineData("adam_hd(lr=0.001, beta=1e-7, joint=true); adam_hd(lr=0.003, beta=1e-6, joint=true, wd=1e-4)")]
    [InlineData("adam(lr=0.001, sqrt_decay=true); adam_hd(lr=0.002, beta=1e-7, sqrt_decay=true, eps=1e-6)")]
    public void EachBaydinCellOfAFusedGroupMatchesItsRunAlone(string specs)
    {
        var worst = AssertFusedEqualsAlone(Grid("logreg", specs));
        output.WriteLine($"worst relative error {worst:E2}");
    }

    [Theory]
    [InlineData("sgd(0.1) / none; sgd(0.01) / none")]
    [InlineData("sgd(0.01) / sgd(0.001); sgd(0.05) / sgd(0.0001)")]
    [InlineData("sgd(0.01, mu=0.9) / sgd(1e-4); sgd(0.02, mu=0.5) / sgd(1e-3)")]
    [InlineData("adam(0.001) / sgd(1e-5); adam(0.003, beta1=0.8, beta2=0.99) / sgd(1e-4)")]
    [InlineData("adam_baydin(0.001) / sgd(1e-5); adam_baydin(0.002, beta1=0.85) / sgd(1e-6)")]
    [InlineData("adagrad(0.01) / sgd(0.001); adagrad(0.03, eps=1e-8) / sgd(0.01)")]
    [InlineData("rmsprop(0.01) / sgd(1e-4); rmsprop(0.003, gamma=0.9) / sgd(1e-3)")]
    [InlineData("sgd(0.01) / sgd(0.001) / sgd(1e-4); sgd(0.03) / sgd(auto) / sgd(auto); sgd(0.1) / sgd(1e-2) / sgd(1e-5)")]
    [InlineData("adam(0.001) / rmsprop(1e-4) / sgd(1e-5); adam(0.002) / rmsprop(1e-3, gamma=0.95) / sgd(1e-4)")]
    [InlineData("rmsprop(0.01) / adagrad(1e-4) / adam(1e-5); rmsprop(0.02) / adagrad(1e-3) / adam(1e-4, beta1=0.8)")]
    public void EachTowerCellOfAFusedGroupMatchesItsRunAlone(string specs)
    {
        var worst = AssertFusedEqualsAlone(Grid("mlp_tanh", specs));
        output.WriteLine($"worst relative error {worst:E2}");
    }

    [Fact]
    public void AMixedGridWithDifferentRatesHypergradientRatesAndSeedsMatchesCellByCell()
    {
        // Different seeds: each cell starts from its own weights and gathers its own batches.
        var cells = Grid("logreg", "sgd_hd(lr=0.01, beta=1e-3); sgd_hd(lr=0.001, beta=1e-2); sgdn_hd(lr=0.003, beta=1e-4, mu=0.9); sgd(lr=0.02)", 1, 2, 3, 1);
        var worst = AssertFusedEqualsAlone(cells);
        output.WriteLine($"worst relative error {worst:E2}");
    }

    [Fact]
    public void AMixedTowerGridWithDifferentSeedsMatchesCellByCell()
    {
        var cells = Grid("mlp_tanh", "sgd(0.01) / sgd(0.001); sgd(0.03) / sgd(1e-4); sgd(0.1) / sgd(1e-5)", 1, 7, 2);
        var worst = AssertFusedEqualsAlone(cells);
        output.WriteLine($"worst relative error {worst:E2}");
    }

    [Fact]
    public void TheReLuMlpFusesToo()
    {
        var cells = Grid("mlp", "sgd_hd(lr=0.01, beta=1e-3); sgdn(lr=0.02, mu=0.9)", 1, 2);
        var worst = AssertFusedEqualsAlone(cells);
        output.WriteLine($"worst relative error {worst:E2}");
    }
}
