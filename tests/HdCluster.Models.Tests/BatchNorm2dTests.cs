using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class BatchNorm2dTests
{
    // Two channels, batch 2, 1x2 images. Channel 0 holds 1 2 5 6 (mean 3.5, biased variance 4.25, unbiased 17/3),
    // channel 1 holds 3 4 7 8 (mean 5.5, the same variances).
    private static Tensor Batch() => torch.tensor(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, [2, 2, 1, 2]);

    [Fact]
    public void StartsAsTheIdentityScaleWithRunningMeanZeroAndVarianceOne()
    {
        using var norm = new BatchNorm2d(3);

        Assert.Equal(["weight", "bias"], norm.parameters().Select(p => p.Name));
        Assert.Equal(["running_mean", "running_var", "num_batches_tracked"], norm.buffers().Select(p => p.Name));
        Assert.Equal([1f, 1, 1], ModelAssert.Values(norm.Weight));
        Assert.Equal([0f, 0, 0], ModelAssert.Values(norm.Bias));
        Assert.Equal([0f, 0, 0], ModelAssert.Values(norm.RunningMean));
        Assert.Equal([1f, 1, 1], ModelAssert.Values(norm.RunningVar));
        Assert.Equal(0, norm.NumBatchesTracked.Value.itemLong());
        Assert.Equal(0.1, norm.Momentum);
        Assert.Equal(1e-5, norm.Eps);
    }

    [Fact]
    public void TrainingNormalisesEachChannelWithTheBatchStatistics()
    {
        using var scope = torch.NewDisposeScope();
        using var norm = new BatchNorm2d(2, ScalarType.Float64);

        var y = norm.forward(Batch());

        // Biased variance 4.25 in both channels.
        var scale = 1 / Math.Sqrt(4.25 + 1e-5);
        double[] expected = [-2.5 * scale, -1.5 * scale, -2.5 * scale, -1.5 * scale, 1.5 * scale, 2.5 * scale, 1.5 * scale, 2.5 * scale];
        var actual = y.data<double>();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void TrainingMovesTheRunningStatisticsByTheMomentum()
    {
        using var scope = torch.NewDisposeScope();
        using var norm = new BatchNorm2d(2, ScalarType.Float64);

        norm.forward(Batch());
        norm.forward(Batch());

        // Two steps toward the batch statistics: each running value has moved 1 - 0.9^2 = 0.19 of the way.
        var mean = norm.RunningMean.Value.data<double>();
        var variance = norm.RunningVar.Value.data<double>();
        Assert.Equal(0.19 * 3.5, mean[0], 1e-12);
        Assert.Equal(0.19 * 5.5, mean[1], 1e-12);
        Assert.Equal((0.81 * 1) + (0.19 * 17.0 / 3), variance[0], 1e-12);
        Assert.Equal((0.81 * 1) + (0.19 * 17.0 / 3), variance[1], 1e-12);
        Assert.Equal(2, norm.NumBatchesTracked.Value.itemLong());
    }

    [Fact]
    public void EvaluationNormalisesWithTheRunningStatisticsAndLeavesThemAlone()
    {
        using var scope = torch.NewDisposeScope();
        using var norm = new BatchNorm2d(2, ScalarType.Float64);
        norm.RunningMean.Value.fill_(2);
        norm.RunningVar.Value.fill_(4);
        norm.Weight.Value.detach().fill_(3);
        norm.Bias.Value.detach().fill_(1);
        norm.eval();

        var y = norm.forward(Batch());

        var expected = new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }.Select(v => ((v - 2) / Math.Sqrt(4 + 1e-5) * 3) + 1).ToArray();
        var actual = y.data<double>();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }

        Assert.Equal([2.0, 2], norm.RunningMean.Value.data<double>());
        Assert.Equal([4.0, 4], norm.RunningVar.Value.data<double>());
        Assert.Equal(0, norm.NumBatchesTracked.Value.itemLong());
    }

    [Fact]
    public void GradientsReachWeightAndBiasButNotTheBuffers()
    {
        using var scope = torch.NewDisposeScope();
        using var norm = new BatchNorm2d(2, ScalarType.Float64);

        norm.forward(Batch()).square().sum().backward();

        Assert.NotNull(norm.Weight.Value.grad);
        Assert.NotNull(norm.Bias.Value.grad);
        Assert.False(norm.RunningMean.Value.requires_grad);
        Assert.False(norm.RunningVar.Value.requires_grad);
    }
}
