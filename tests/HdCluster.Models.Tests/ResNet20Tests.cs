using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class ResNet20Tests
{
    [Fact]
    public void CifarImagesGiveTenLogitsEach()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new ResNet20(generator);

        Assert.Equal([4L, 10], model.forward(torch.randn([4, 3, 32, 32], generator)).shape);
    }

    [Fact]
    public void HasTheParametersOfOptionAResNet20()
    {
        using var generator = new Generator(1);
        using var model = new ResNet20(generator);

        static long Conv(long i, long o) => i * o * 3 * 3;
        static long Norm(long c) => 2 * c;
        static long Block(long i, long o) => Conv(i, o) + Norm(o) + Conv(o, o) + Norm(o);
        var expected =
            Conv(3, 16) + Norm(16)
            + (3 * Block(16, 16))
            + Block(16, 32) + (2 * Block(32, 32))
            + Block(32, 64) + (2 * Block(64, 64))
            + (64 * 10) + 10;

        // Option-A shortcuts have no weights. (272,474 would be option B: 1x1 convolutions with batch norm
        // on the two widening shortcuts, 16*32 + 64 + 32*64 + 128 = 2,752 more.)
        Assert.Equal(269_722, expected);
        Assert.Equal(expected, ModelAssert.ParameterCount(model));
    }

    [Fact]
    public void NamesFollowTheCommonImplementation()
    {
        using var generator = new Generator(1);
        using var model = new ResNet20(generator);
        var names = model.parameters().Select(p => p.Name).ToList();

        Assert.Equal(["conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight"], names.Take(5));
        Assert.Contains("layer2.0.conv1.weight", names);
        Assert.Contains("layer3.2.bn2.bias", names);
        Assert.Equal(["linear.weight", "linear.bias"], names.TakeLast(2));
        Assert.DoesNotContain(names, n => n.Contains("shortcut", StringComparison.Ordinal) || n.EndsWith("conv1.bias", StringComparison.Ordinal));
        Assert.Equal(1 + 2 + (9 * 6) + 2, names.Count);
    }

    [Fact]
    public void WeightsStartKaimingNormal()
    {
        using var generator = new Generator(1);
        using var model = new ResNet20(generator);
        var slots = model.parameters().ToDictionary(p => p.Name);

        // layer3.1.conv2: 36864 weights with fan_in 64*9.
        var std = Math.Sqrt(2.0 / (64 * 9));
        Assert.InRange(ModelAssert.Std(slots["layer3.1.conv2.weight"]), 0.97 * std, 1.03 * std);

        // The head's bias keeps nn.Linear's default.
        var bound = 1 / Math.Sqrt(64);
        Assert.All(ModelAssert.Values(slots["linear.bias"]), b => Assert.InRange(b, -bound, bound));
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        using Generator g1 = new(5), g2 = new(5), g3 = new(6);
        using ResNet20 a = new(g1), b = new(g2), c = new(g3);

        ModelAssert.SameState(a, b);
        ModelAssert.DifferentWeights(a, c);
    }

    [Fact]
    public void EvaluationIsDeterministicAndLeavesRunningStatisticsAlone()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new ResNet20(generator);
        var x = torch.randn([2, 3, 32, 32], data);
        var before = model.state_dict();

        model.eval();
        var first = model.forward(x).data<float>();

        Assert.Equal(first, model.forward(x).data<float>());
        foreach (var slot in model.buffers())
        {
            Assert.Equal(before[slot.Name].@float().data<float>(), slot.Value.@float().data<float>());
        }
    }

    [Fact]
    public void OneBackwardReachesEveryParameter()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new ResNet20(generator);
        var x = torch.randn([2, 3, 32, 32], data);
        var target = torch.tensor(new long[] { 3, 7 });

        ModelAssert.GradientReachesEveryParameter(model, model.loss(model.forward(x), target));
    }

    [Fact]
    public void TwentySgdStepsFitEightRandomImages()
    {
        using Generator generator = new(5), data = new(9);
        using var model = new ResNet20(generator);
        using var x = torch.randn([8, 3, 32, 32], data);
        using var target = torch.randint(0, 10, [8], data);

        var losses = new List<double>();
        for (var step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = model.loss(model.forward(x), target);
            losses.Add(loss.item());
            loss.backward();
            using (torch.no_grad())
            {
                foreach (var p in model.parameters())
                {
                    p.Value.sub_(p.Value.grad! * 0.1);
                    p.Value.grad = null;
                }
            }
        }

        Assert.True(losses[^1] < 0.1 * losses[0], $"losses: {string.Join(", ", losses)}");
    }
}
