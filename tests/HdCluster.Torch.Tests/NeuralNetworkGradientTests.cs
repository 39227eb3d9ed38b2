using F = HdCluster.Torch.torch.nn.functional;
using Reduction = HdCluster.Torch.torch.nn.Reduction;

namespace HdCluster.Torch.Tests;

/// <summary>Autograd of the neural-network functions agrees with central finite differences.</summary>
public class NeuralNetworkGradientTests
{
    [Fact]
    public void Conv2dWithStrideAndPaddingGradientMatchesFiniteDifferencesForInputWeightAndBias()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(71);
        GradientCheck.Check(
            x => F.conv2d(x[0], x[1], x[2], stride: 2, padding: 1),
            TestInputs.Randn(g, 2, 2, 5, 5),
            TestInputs.Randn(g, 3, 2, 3, 3),
            TestInputs.Randn(g, 3));
    }

    [Fact]
    public void GroupedConv2dGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(72);
        GradientCheck.Check(
            x => F.conv2d(x[0], x[1], groups: 2, padding: 1),
            TestInputs.Randn(g, 1, 4, 4, 4),
            TestInputs.Randn(g, 4, 2, 3, 3));
    }

    [Fact]
    public void DilatedConv2dGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(73);
        GradientCheck.Check(
            x => F.conv2d(x[0], x[1], dilation: 2),
            TestInputs.Randn(g, 1, 1, 5, 5),
            TestInputs.Randn(g, 2, 1, 2, 2));
    }

    [Fact]
    public void BatchNormInTrainingGradientMatchesFiniteDifferencesForInputWeightAndBias()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(74);
        GradientCheck.Check(
            x => F.batch_norm(x[0], null, null, x[1], x[2], training: true),
            TestInputs.Randn(g, 3, 2, 2, 2),
            TestInputs.Uniform(g, 0.5, 1.5, 2),
            TestInputs.Randn(g, 2));
    }

    [Fact]
    public void BatchNormInTrainingWithRunningStatisticsGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(75);

        // The running statistics are updated in place on every evaluation; that must not feed back into the output.
        var runningMean = torch.zeros([3], ScalarType.Float64);
        var runningVar = torch.ones([3], ScalarType.Float64);
        GradientCheck.Check(
            x => F.batch_norm(x[0], runningMean, runningVar, x[1], x[2], training: true),
            TestInputs.Randn(g, 4, 3),
            TestInputs.Uniform(g, 0.5, 1.5, 3),
            TestInputs.Randn(g, 3));
    }

    [Fact]
    public void MaxPool2dGradientMatchesFiniteDifferencesWithoutTies()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(76);
        GradientCheck.Check(x => F.max_pool2d(x[0], 2), TestInputs.Spread(g, 0.1, 1, 2, 4, 4));
    }

    [Fact]
    public void OverlappingPaddedMaxPool2dGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(77);
        GradientCheck.Check(x => F.max_pool2d(x[0], 3, stride: 1, padding: 1), TestInputs.Spread(g, 0.1, 1, 1, 4, 4));
    }

    [Fact]
    public void AvgPool2dGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(78);
        GradientCheck.Check(x => F.avg_pool2d(x[0], 2), TestInputs.Randn(g, 1, 2, 4, 4));
        GradientCheck.Check(x => F.avg_pool2d(x[0], 3, stride: 2, padding: 1), TestInputs.Randn(g, 1, 1, 5, 5));
    }

    [Fact]
    public void AdaptiveAvgPool2dWithUnevenBinsGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(79);
        GradientCheck.Check(x => F.adaptive_avg_pool2d(x[0], 3, 2), TestInputs.Randn(g, 1, 2, 5, 5));
    }

    [Fact]
    public void EmbeddingGradientAccumulatesIntoRepeatedRows()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(80);
        var indices = torch.tensor(new long[] { 0, 2, 2, 4, 1, 0 }, [2, 3]);
        GradientCheck.Check(x => F.embedding(indices, x[0]).tanh(), TestInputs.Randn(g, 5, 3));
    }

    [Fact]
    public void LogSoftmaxGradientMatchesFiniteDifferencesAlongEitherDimension()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(81);
        GradientCheck.Check(x => F.log_softmax(x[0], 1), TestInputs.Randn(g, 3, 4));
        GradientCheck.Check(x => F.log_softmax(x[0], 0), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void SoftmaxGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(82);
        GradientCheck.Check(x => F.softmax(x[0], -1), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void CrossEntropyGradientMatchesFiniteDifferencesForEveryReduction()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(83);
        var target = torch.tensor(new long[] { 3, 0, 1 });
        GradientCheck.Check(x => F.cross_entropy(x[0], target), TestInputs.Randn(g, 3, 4));
        GradientCheck.Check(x => F.cross_entropy(x[0], target, Reduction.Sum), TestInputs.Randn(g, 3, 4));
        GradientCheck.Check(x => F.cross_entropy(x[0], target, Reduction.None), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void NllLossGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(84);
        var target = torch.tensor(new long[] { 1, 1, 2 });
        GradientCheck.Check(x => F.nll_loss(F.log_softmax(x[0], 1), target), TestInputs.Randn(g, 3, 4));
        GradientCheck.Check(x => F.nll_loss(x[0], target, Reduction.None), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void LstmGradientMatchesFiniteDifferencesForInputStateAndEachWeight()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(85);
        const int features = 3, hidden = 2, sequence = 3, batch = 2;
        GradientCheck.Check(
            x =>
            {
                var (output, h, c) = F.lstm(x[0], x[1], x[2], [x[3], x[4], x[5], x[6]], num_layers: 1);
                return torch.cat([output.flatten(), h.flatten(), c.flatten()]);
            },
            TestInputs.Randn(g, sequence, batch, features),
            TestInputs.Randn(g, 1, batch, hidden),
            TestInputs.Randn(g, 1, batch, hidden),
            TestInputs.Randn(g, 4 * hidden, features),
            TestInputs.Randn(g, 4 * hidden, hidden),
            TestInputs.Randn(g, 4 * hidden),
            TestInputs.Randn(g, 4 * hidden));
    }

    [Fact]
    public void TwoLayerBatchFirstLstmGradientMatchesFiniteDifferencesForEveryWeight()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(86);
        const int features = 2, hidden = 2, sequence = 2, batch = 2;
        var h0 = TestInputs.Randn(g, 2, batch, hidden);
        var c0 = TestInputs.Randn(g, 2, batch, hidden);
        GradientCheck.Check(
            x => F.lstm(x[0], h0, c0, x[1..], num_layers: 2, batch_first: true).output,
            TestInputs.Randn(g, batch, sequence, features),
            TestInputs.Randn(g, 4 * hidden, features),
            TestInputs.Randn(g, 4 * hidden, hidden),
            TestInputs.Randn(g, 4 * hidden),
            TestInputs.Randn(g, 4 * hidden),
            TestInputs.Randn(g, 4 * hidden, hidden),
            TestInputs.Randn(g, 4 * hidden, hidden),
            TestInputs.Randn(g, 4 * hidden),
            TestInputs.Randn(g, 4 * hidden));
    }
}
