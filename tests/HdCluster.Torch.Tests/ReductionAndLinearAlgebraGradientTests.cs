using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>Autograd of reductions and linear algebra agrees with central finite differences.</summary>
public class ReductionAndLinearAlgebraGradientTests
{
    [Fact]
    public void SumOfWholeTensorGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(31);
        GradientCheck.Check(x => x[0].square().sum(), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void SumAlongDimensionGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(32);
        GradientCheck.Check(x => x[0].square().sum(1) + x[0].sum(0, keepdim: true).sum(1), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void MeanOfWholeTensorGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(33);
        GradientCheck.Check(x => x[0].square().mean(), TestInputs.Randn(g, 3, 4));
    }

    [Fact]
    public void MeanAlongDimensionGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(34);
        GradientCheck.Check(x => x[0].square().mean(-1, keepdim: true), TestInputs.Randn(g, 2, 3, 4));
    }

    [Fact]
    public void MaxOfWholeTensorGradientMatchesFiniteDifferencesWithoutTies()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(35);
        GradientCheck.Check(x => x[0].max() + x[0].min(), TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void MaxAlongDimensionGradientMatchesFiniteDifferencesWithoutTies()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(36);
        GradientCheck.Check(x => x[0].max(1) + x[0].min(0).sum(), TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void DotGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(37);
        GradientCheck.Check(x => x[0].dot(x[1]), TestInputs.Randn(g, 5), TestInputs.Randn(g, 5));
    }

    [Fact]
    public void MatmulOfMatricesGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(38);
        GradientCheck.Check(x => x[0].matmul(x[1]), TestInputs.Randn(g, 3, 4), TestInputs.Randn(g, 4, 2));
    }

    [Fact]
    public void MatmulWithBroadcastBatchGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(39);
        GradientCheck.Check(x => torch.matmul(x[0], x[1]), TestInputs.Randn(g, 2, 3, 4), TestInputs.Randn(g, 4, 2));
    }

    [Fact]
    public void MatmulOfMatrixAndVectorGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(40);
        GradientCheck.Check(x => x[0].matmul(x[1]), TestInputs.Randn(g, 3, 4), TestInputs.Randn(g, 4));
    }

    [Fact]
    public void BmmGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(41);
        GradientCheck.Check(x => x[0].bmm(x[1]), TestInputs.Randn(g, 2, 3, 4), TestInputs.Randn(g, 2, 4, 2));
    }

    [Fact]
    public void LinearGradientMatchesFiniteDifferencesForInputWeightAndBias()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(42);
        GradientCheck.Check(x => F.linear(x[0], x[1], x[2]), TestInputs.Randn(g, 2, 3, 4), TestInputs.Randn(g, 5, 4), TestInputs.Randn(g, 5));
    }

    [Fact]
    public void LinearWithoutBiasGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(43);
        GradientCheck.Check(x => F.linear(x[0], x[1]), TestInputs.Randn(g, 3, 4), TestInputs.Randn(g, 2, 4));
    }
}
