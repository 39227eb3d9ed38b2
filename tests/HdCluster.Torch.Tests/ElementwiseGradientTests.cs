namespace HdCluster.Torch.Tests;

/// <summary>Autograd of the elementwise operations agrees with central finite differences.</summary>
public class ElementwiseGradientTests
{
    [Fact]
    public void AddGradientMatchesFiniteDifferencesIncludingBroadcastOperand()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(1);
        GradientCheck.Check(x => x[0] + x[1], TestInputs.Randn(g, 3, 4), TestInputs.Randn(g, 4));
    }

    [Fact]
    public void AddWithAlphaGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(2);
        GradientCheck.Check(x => x[0].add(x[1], 2.5), TestInputs.Randn(g, 2, 3), TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void SubGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(3);
        GradientCheck.Check(x => x[0] - x[1], TestInputs.Randn(g, 3, 1), TestInputs.Randn(g, 1, 4));
    }

    [Fact]
    public void ScalarMinusTensorGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(4);
        GradientCheck.Check(x => 2.0 - x[0] * 3.0, TestInputs.Randn(g, 5));
    }

    [Fact]
    public void MulGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(5);
        GradientCheck.Check(x => x[0] * x[1], TestInputs.Randn(g, 2, 3), TestInputs.Randn(g, 2, 1));
    }

    [Fact]
    public void DivGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(6);
        GradientCheck.Check(x => x[0] / x[1], TestInputs.Randn(g, 2, 3), TestInputs.Uniform(g, 0.5, 2.0, 2, 3));
    }

    [Fact]
    public void ScalarDividedByTensorGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(7);
        GradientCheck.Check(x => 3.0 / x[0], TestInputs.Uniform(g, 0.5, 2.0, 6));
    }

    [Fact]
    public void PowWithTensorExponentGradientMatchesFiniteDifferencesForBaseAndExponent()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(8);
        GradientCheck.Check(x => x[0].pow(x[1]), TestInputs.Uniform(g, 0.5, 2.0, 2, 3), TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void PowWithScalarExponentGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(9);
        GradientCheck.Check(x => x[0].pow(3.5), TestInputs.Uniform(g, 0.5, 2.0, 6));
    }

    [Fact]
    public void SqrtGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(10);
        GradientCheck.Check(x => x[0].sqrt(), TestInputs.Uniform(g, 0.5, 3.0, 2, 4));
    }

    [Fact]
    public void ExpGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(11);
        GradientCheck.Check(x => x[0].exp(), TestInputs.Randn(g, 2, 4));
    }

    [Fact]
    public void LogGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(12);
        GradientCheck.Check(x => x[0].log(), TestInputs.Uniform(g, 0.5, 3.0, 2, 4));
    }

    [Fact]
    public void TanhGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(13);
        GradientCheck.Check(x => x[0].tanh(), TestInputs.Randn(g, 2, 4));
    }

    [Fact]
    public void SigmoidGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(14);
        GradientCheck.Check(x => x[0].sigmoid(), TestInputs.Randn(g, 2, 4));
    }

    [Fact]
    public void ReluGradientMatchesFiniteDifferencesAwayFromZero()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(15);
        GradientCheck.Check(x => x[0].relu(), TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void ClampGradientMatchesFiniteDifferencesAwayFromTheBounds()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(16);
        GradientCheck.Check(x => x[0].clamp(-0.4, 0.6), TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void OneSidedClampGradientsMatchFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(17);
        GradientCheck.Check(x => x[0].clamp(min: -0.2) + x[0].clamp(max: 0.4) + x[0].clamp_min(0.2) + x[0].clamp_max(-0.4), TestInputs.Spread(g, 0.2, 12));
    }

    [Fact]
    public void SquareGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(18);
        GradientCheck.Check(x => x[0].square(), TestInputs.Randn(g, 2, 4));
    }

    [Fact]
    public void AbsGradientMatchesFiniteDifferencesAwayFromZero()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(19);
        GradientCheck.Check(x => x[0].abs(), TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void SignGradientIsZeroAwayFromZero()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(20);
        GradientCheck.Check(x => x[0].sign() * x[0], TestInputs.Spread(g, 0.2, 3, 4));
    }

    [Fact]
    public void NegGradientMatchesFiniteDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(21);
        GradientCheck.Check(x => -x[0], TestInputs.Randn(g, 5));
    }

    [Fact]
    public void WhereGradientFlowsToTheSelectedBranchOnly()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(22);
        var condition = TestInputs.Randn(g, 3, 4).gt(0);
        GradientCheck.Check(x => torch.where(condition, x[0] * 2.0, x[1].exp()), TestInputs.Randn(g, 3, 4), TestInputs.Randn(g, 3, 4));
    }
}
