using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models.Tests;

public class Conv2dTests
{
    [Fact]
    public void WeightIsOutByInOverGroupsByKernelByKernelAndBiasIsOut()
    {
        using var generator = new Generator(1);
        using var conv = new Conv2d(4, 6, 3, generator, groups: 2);

        Assert.Equal([6L, 2, 3, 3], conv.Weight.Value.shape);
        Assert.Equal([6L], conv.Bias!.Value.shape);
        Assert.Equal(["weight", "bias"], conv.parameters().Select(p => p.Name));
    }

    [Fact]
    public void DefaultInitialisationIsUniformWithinOneOverSqrtFanIn()
    {
        using var generator = new Generator(1);
        using var conv = new Conv2d(16, 32, 3, generator);
        var bound = 1 / Math.Sqrt(16 * 3 * 3);

        foreach (var slot in conv.parameters())
        {
            var v = ModelAssert.Values(slot);
            Assert.All(v, x => Assert.InRange(x, -bound, bound));

            // Spread over the whole interval, not a narrower one.
            Assert.True(v.Max() > 0.8 * bound && v.Min() < -0.8 * bound, $"{slot.Name} does not fill U(-{bound}, {bound})");
        }

        // U(-b, b) has standard deviation b/sqrt(3); 4608 draws pin it within a few percent.
        Assert.InRange(ModelAssert.Std(conv.Weight), 0.95 * bound / Math.Sqrt(3), 1.05 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        using Generator g1 = new(7), g2 = new(7), g3 = new(8);
        using Conv2d a = new(3, 8, 3, g1), b = new(3, 8, 3, g2), c = new(3, 8, 3, g3);

        ModelAssert.SameState(a, b);
        ModelAssert.DifferentWeights(a, c);
    }

    [Fact]
    public void WithoutBiasThereIsOnlyAWeight()
    {
        using var generator = new Generator(1);
        using var conv = new Conv2d(3, 8, 3, generator, bias: false);

        Assert.Null(conv.Bias);
        Assert.Equal(["weight"], conv.parameters().Select(p => p.Name));
    }

    [Fact]
    public void ForwardIsConv2dWithTheModulesStrideAndPadding()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var conv = new Conv2d(3, 5, 3, generator, ScalarType.Float64, stride: 2, padding: 1);
        var x = torch.randn([2, 3, 9, 9], generator, ScalarType.Float64);

        var y = conv.forward(x);

        Assert.Equal([2L, 5, 5, 5], y.shape);
        var expected = F.conv2d(x, conv.Weight.Value, conv.Bias!.Value, stride: 2, padding: 1);
        Assert.Equal(expected.data<double>(), y.data<double>());
    }
}
