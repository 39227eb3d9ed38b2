using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class Vgg16BnTests
{
    private static Tensor Images(Generator generator) => torch.randn([2, 3, 32, 32], generator);

    [Fact]
    public void TwoCifarImagesGiveTwoRowsOfTenLogits()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new Vgg16Bn(generator);

        Assert.Equal([2L, 10], model.forward(Images(generator)).shape);
    }

    [Fact]
    public void HasTheParametersOfThirteenConvolutionsWithBatchNormAndThreeLinearLayers()
    {
        using var generator = new Generator(1);
        using var model = new Vgg16Bn(generator);

        static long Conv(long i, long o) => (i * o * 3 * 3) + o;
        static long Norm(long c) => 2 * c;
        static long Fc(long i, long o) => (i * o) + o;
        var expected =
            Conv(3, 64) + Norm(64) + Conv(64, 64) + Norm(64)
            + Conv(64, 128) + Norm(128) + Conv(128, 128) + Norm(128)
            + Conv(128, 256) + Norm(256) + (2 * (Conv(256, 256) + Norm(256)))
            + Conv(256, 512) + Norm(512) + (2 * (Conv(512, 512) + Norm(512)))
            + (3 * (Conv(512, 512) + Norm(512)))
            + Fc(512, 512) + Fc(512, 512) + Fc(512, 10);

        Assert.Equal(15_253_578, expected);
        Assert.Equal(expected, ModelAssert.ParameterCount(model));
    }

    [Fact]
    public void NamesFollowPyTorchsSequentialIndices()
    {
        using var generator = new Generator(1);
        using var model = new Vgg16Bn(generator);
        var names = model.parameters().Select(p => p.Name).ToList();
        var buffers = model.buffers().Select(p => p.Name).ToList();

        Assert.Equal(["features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "features.3.weight"], names.Take(5));

        // The first block's pool is features.6, so the second block starts at features.7.
        Assert.Contains("features.7.weight", names);
        Assert.Contains("features.40.weight", names);
        Assert.Contains("features.41.bias", names);
        Assert.Equal(
            ["classifier.1.weight", "classifier.1.bias", "classifier.4.weight", "classifier.4.bias", "classifier.6.weight", "classifier.6.bias"],
            names.TakeLast(6));
        Assert.Equal(13 * 4 + 6, names.Count);
        Assert.Equal(["features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"], buffers.Take(3));
        Assert.Equal(13 * 3, buffers.Count);
    }

    [Fact]
    public void ConvolutionsStartNormalWithStdSqrtTwoOverNineOutAndZeroBias()
    {
        using var generator = new Generator(1);
        using var model = new Vgg16Bn(generator);
        var slots = model.parameters().ToDictionary(p => p.Name);

        // features.3 is 64 -> 64 (36864 weights), features.40 is 512 -> 512.
        foreach (var (name, outChannels) in new[] { ("features.3", 64), ("features.40", 512) })
        {
            var std = Math.Sqrt(2.0 / (9 * outChannels));
            Assert.InRange(ModelAssert.Std(slots[$"{name}.weight"]), 0.97 * std, 1.03 * std);
            Assert.All(ModelAssert.Values(slots[$"{name}.bias"]), b => Assert.Equal(0f, b));
        }

        Assert.All(ModelAssert.Values(slots["features.1.weight"]), w => Assert.Equal(1f, w));
        var bound = 1 / Math.Sqrt(512);
        Assert.All(ModelAssert.Values(slots["classifier.1.weight"]), w => Assert.InRange(w, -bound, bound));
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        using Generator g1 = new(5), g2 = new(5), g3 = new(6);
        using Vgg16Bn a = new(g1), b = new(g2), c = new(g3);

        ModelAssert.SameState(a, b);
        ModelAssert.DifferentWeights(a, c);
    }

    [Fact]
    public void DropoutActsOnlyInTrainingAndItsMasksAreReproducible()
    {
        using var scope = torch.NewDisposeScope();
        using Generator g1 = new(5), g2 = new(5), data = new(9);
        using Vgg16Bn a = new(g1), b = new(g2);
        var x = Images(data);

        var first = a.forward(x).data<float>();
        Assert.Equal(first, b.forward(x).data<float>());
        Assert.NotEqual(first, a.forward(x).data<float>());

        a.eval();
        var evaluated = a.forward(x).data<float>();
        Assert.Equal(evaluated, a.forward(x).data<float>());
    }

    [Fact]
    public void DropoutMasksComeFromTheGivenDropoutGenerator()
    {
        using var scope = torch.NewDisposeScope();
        using Generator g1 = new(5), g2 = new(5), d1 = new(11), d2 = new(12), data = new(9);
        using Vgg16Bn a = new(g1, dropoutGenerator: d1), b = new(g2, dropoutGenerator: d2);
        var x = Images(data);

        ModelAssert.SameState(a, b);
        Assert.NotEqual(a.forward(x).data<float>(), b.forward(x).data<float>());
    }

    [Fact]
    public void BatchNormRunningStatisticsMoveOnlyInTraining()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new Vgg16Bn(generator);
        var runningMean = model.buffers().Single(p => p.Name == "features.1.running_mean");
        var x = Images(data);

        model.eval();
        model.forward(x);
        Assert.All(ModelAssert.Values(runningMean), m => Assert.Equal(0f, m));

        model.train();
        model.forward(x);
        Assert.Contains(ModelAssert.Values(runningMean), m => m != 0);
    }

    [Fact]
    public void OneBackwardReachesEveryParameter()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new Vgg16Bn(generator);
        var x = Images(data);
        var target = torch.tensor(new long[] { 3, 7 });

        ModelAssert.GradientReachesEveryParameter(model, model.loss(model.forward(x), target));
    }
}
