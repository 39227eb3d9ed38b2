using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>batch_norm against hand computation, in PyTorch's conventions.</summary>
public class BatchNormTests
{
    private const double Eps = 1e-5;

    // Two channels over a batch of four: channel 0 is 1 2 3 4 (mean 2.5, biased variance 1.25,
    // unbiased 5/3); channel 1 is 2 4 6 8 (mean 5, biased variance 5, unbiased 20/3).
    private static Tensor Batch() => torch.tensor(new double[] { 1, 2, 2, 4, 3, 6, 4, 8 }, [4, 2]);

    [Fact]
    public void TrainingModeNormalisesWithTheBiasedBatchVarianceThenScalesAndShifts()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.tensor(new double[] { 2, 0.5 });
        var bias = torch.tensor(new double[] { 1, -1 });

        var y = F.batch_norm(Batch(), null, null, weight, bias, training: true);

        double[] mean = [2.5, 5], variance = [1.25, 5], w = [2, 0.5], b = [1, -1];
        var x = Batch().data<double>();
        var expected = x.Select((v, i) => (v - mean[i % 2]) / Math.Sqrt(variance[i % 2] + Eps) * w[i % 2] + b[i % 2]).ToArray();
        TensorAssert.Close(expected, y, 1e-12, shape: [4, 2]);
    }

    [Fact]
    public void TrainingModeUpdatesRunningStatisticsWithMomentumAndTheUnbiasedVariance()
    {
        using var scope = torch.NewDisposeScope();
        var runningMean = torch.zeros([2], ScalarType.Float64);
        var runningVar = torch.ones([2], ScalarType.Float64);

        F.batch_norm(Batch(), runningMean, runningVar, training: true, momentum: 0.1);

        TensorAssert.Close([0.9 * 0 + 0.1 * 2.5, 0.9 * 0 + 0.1 * 5], runningMean);
        TensorAssert.Close([0.9 * 1 + 0.1 * (5.0 / 3), 0.9 * 1 + 0.1 * (20.0 / 3)], runningVar);
    }

    [Fact]
    public void TrainingModeOnImagesTakesStatisticsOverBatchAndSpatialPositions()
    {
        using var scope = torch.NewDisposeScope();

        // One channel, batch 2, 1x2 images: values 1 2 3 5, mean 2.75, biased variance 2.1875, unbiased 35/12.
        var x = torch.tensor(new double[] { 1, 2, 3, 5 }, [2, 1, 1, 2]);
        var runningMean = torch.zeros([1], ScalarType.Float64);
        var runningVar = torch.ones([1], ScalarType.Float64);

        var y = F.batch_norm(x, runningMean, runningVar, training: true);

        var expected = new double[] { 1, 2, 3, 5 }.Select(v => (v - 2.75) / Math.Sqrt(2.1875 + Eps)).ToArray();
        TensorAssert.Close(expected, y, 1e-12, shape: [2, 1, 1, 2]);
        TensorAssert.Close([0.275], runningMean);
        TensorAssert.Close([0.9 + 0.1 * 35.0 / 12], runningVar);
    }

    [Fact]
    public void EvalModeNormalisesWithTheRunningStatisticsAndLeavesThemUnchanged()
    {
        using var scope = torch.NewDisposeScope();
        var runningMean = torch.tensor(new double[] { 1, -2 });
        var runningVar = torch.tensor(new double[] { 4, 0.25 });
        var weight = torch.tensor(new double[] { 3, 1 });
        var bias = torch.tensor(new double[] { 0, 0.5 });

        var y = F.batch_norm(Batch(), runningMean, runningVar, weight, bias, training: false);

        double[] mean = [1, -2], variance = [4, 0.25], w = [3, 1], b = [0, 0.5];
        var expected = Batch().data<double>().Select((v, i) => (v - mean[i % 2]) / Math.Sqrt(variance[i % 2] + Eps) * w[i % 2] + b[i % 2]).ToArray();
        TensorAssert.Close(expected, y, 1e-12);
        TensorAssert.Close([1, -2], runningMean);
        TensorAssert.Close([4, 0.25], runningVar);
    }

    [Fact]
    public void EvalModeWithoutRunningStatisticsIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => F.batch_norm(Batch(), null, null, training: false));
    }
}
