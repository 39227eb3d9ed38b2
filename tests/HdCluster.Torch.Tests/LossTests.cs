using F = HdCluster.Torch.torch.nn.functional;
using Reduction = HdCluster.Torch.torch.nn.Reduction;

namespace HdCluster.Torch.Tests;

/// <summary>cross_entropy, nll_loss and the softmax family against hand computation.</summary>
public class LossTests
{
    // Row 0: logits 1 2 3, target 2 -> log(e + e^2 + e^3) - 3. Row 1: equal logits, target 0 -> log 3.
    private static readonly double Row0 = Math.Log(Math.E + Math.Exp(2) + Math.Exp(3)) - 3;
    private static readonly double Row1 = Math.Log(3);

    private static Tensor Logits() => torch.tensor(new double[] { 1, 2, 3, 1, 1, 1 }, [2, 3]);

    private static Tensor Targets() => torch.tensor(new long[] { 2, 0 });

    [Fact]
    public void CrossEntropyIsTheNegativeLogSoftmaxOfTheTargetClassAveragedByDefault()
    {
        using var scope = torch.NewDisposeScope();
        TensorAssert.Close([(Row0 + Row1) / 2], F.cross_entropy(Logits(), Targets()), 1e-12, shape: []);
    }

    [Fact]
    public void CrossEntropyReductionsSumOrKeepThePerSampleLosses()
    {
        using var scope = torch.NewDisposeScope();
        TensorAssert.Close([Row0 + Row1], F.cross_entropy(Logits(), Targets(), Reduction.Sum), 1e-12, shape: []);
        TensorAssert.Close([Row0, Row1], F.cross_entropy(Logits(), Targets(), Reduction.None), 1e-12, shape: [2]);
    }

    [Fact]
    public void CrossEntropyGradientIsSoftmaxMinusOneHotOverTheBatch()
    {
        using var scope = torch.NewDisposeScope();
        var logits = Logits().requires_grad_();
        F.cross_entropy(logits, Targets()).backward();

        var z = Math.E + Math.Exp(2) + Math.Exp(3);
        double[] expected = [Math.E / z / 2, Math.Exp(2) / z / 2, (Math.Exp(3) / z - 1) / 2, (1 / 3.0 - 1) / 2, 1 / 6.0, 1 / 6.0];
        TensorAssert.Close(expected, logits.grad!, 1e-12);
    }

    [Fact]
    public void NllLossOfLogSoftmaxEqualsCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var nll = F.nll_loss(F.log_softmax(Logits(), 1), Targets(), Reduction.None);
        TensorAssert.Close([Row0, Row1], nll, 1e-12);
    }

    [Fact]
    public void NllLossPicksTheNegatedEntryOfTheTargetClass()
    {
        using var scope = torch.NewDisposeScope();
        var logProbabilities = torch.tensor(new double[] { -1, -2, -3, -4, -5, -6 }, [2, 3]);
        TensorAssert.Close([(3 + 4) / 2.0], F.nll_loss(logProbabilities, Targets()), 1e-12);
    }

    [Fact]
    public void SoftmaxRowsAreNormalisedExponentials()
    {
        using var scope = torch.NewDisposeScope();
        var z = Math.E + Math.Exp(2) + Math.Exp(3);
        TensorAssert.Close([Math.E / z, Math.Exp(2) / z, Math.Exp(3) / z, 1 / 3.0, 1 / 3.0, 1 / 3.0], F.softmax(Logits(), 1), 1e-12);
        TensorAssert.Close([1 - Math.Log(z), 2 - Math.Log(z), 3 - Math.Log(z), -Math.Log(3), -Math.Log(3), -Math.Log(3)], F.log_softmax(Logits(), -1), 1e-12);
    }

    [Fact]
    public void LogSoftmaxIsStableForLargeLogits()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new double[] { 1000, 0 });
        TensorAssert.Close([0, -1000], F.log_softmax(logits, 0), 1e-9);
    }
}
