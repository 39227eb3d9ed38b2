using Xunit.Sdk;

namespace HdCluster.Torch.Tests;

/// <summary>The finite-difference checker itself: it must reject a wrong gradient, or its passes mean nothing.</summary>
public class GradientCheckTests
{
    [Fact]
    public void GradientCheckRejectsAGradientThatMissesADependency()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(101);

        // x * detach(x) has derivative x according to autograd but 2x in truth.
        var failure = Assert.ThrowsAny<XunitException>(() => GradientCheck.Check(x => x[0] * x[0].detach(), TestInputs.Randn(g, 3)));
        Assert.Contains("gradient mismatch", failure.Message);
    }

    [Fact]
    public void GradientCheckRejectsAOnePercentErrorInASmallGradient()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(102);
        Assert.ThrowsAny<XunitException>(() => GradientCheck.Check(x => x[0].mul(1e-3) + x[0].detach().mul(1e-5), TestInputs.Randn(g, 3)));
    }

    [Fact]
    public void SpreadInputsAreDistinctAndClearOfMultiplesOfTheSpacing()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(103);
        var values = TestInputs.Spread(g, 0.2, 5, 5).data<double>();
        Array.Sort(values);
        for (var i = 0; i < values.Length; i++)
        {
            var distanceToGrid = Math.Abs(values[i] / 0.2 - Math.Round(values[i] / 0.2)) * 0.2;
            Assert.True(distanceToGrid >= 0.4 * 0.2 - 1e-12, $"{values[i]} is close to a multiple of the spacing");
            if (i > 0)
            {
                Assert.True(values[i] - values[i - 1] >= 0.8 * 0.2 - 1e-12, $"{values[i - 1]} and {values[i]} are too close");
            }
        }
    }
}
