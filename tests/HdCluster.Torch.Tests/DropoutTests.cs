using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

public class DropoutTests
{
    [Fact]
    public void TrainingDropoutZeroesElementsAndScalesTheRestByOneOverKeepProbability()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(121);
        var x = torch.full([10_000], 3.0, ScalarType.Float64);

        var y = F.dropout(x, p: 0.25, training: true, generator: g).data<double>();

        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 3.0 / 0.75) < 1e-12, $"unexpected element {v}"));
        var dropped = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.22, 0.28);
    }

    [Fact]
    public void TrainingDropoutIsReproducibleWithTheSameGeneratorSeedAndDiffersWithAnother()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([1000], ScalarType.Float32);
        float[] Draw(long seed)
        {
            using var g = new Generator(seed);
            return F.dropout(x, 0.5, training: true, generator: g).data<float>();
        }

        Assert.Equal(Draw(7), Draw(7));
        Assert.NotEqual(Draw(7), Draw(8));
    }

    [Fact]
    public void ReseedingAGeneratorReplaysTheSameDropoutMask()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(5);
        var x = torch.ones([500]);
        var first = F.dropout(x, 0.5, generator: g).data<float>();
        var second = F.dropout(x, 0.5, generator: g).data<float>();
        g.manual_seed(5);
        var replay = F.dropout(x, 0.5, generator: g).data<float>();

        Assert.NotEqual(first, second);
        Assert.Equal(first, replay);
    }

    [Fact]
    public void EvalDropoutIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(122);
        var x = TestInputs.Randn(g, 50);
        Assert.Equal(x.data<double>(), F.dropout(x, 0.5, training: false).data<double>());
    }

    [Fact]
    public void DropoutWithZeroProbabilityKeepsAndWithOneProbabilityZeroesEverything()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.full([20], 2.0, ScalarType.Float64);
        Assert.All(F.dropout(x, 0.0).data<double>(), v => Assert.Equal(2.0, v));
        Assert.All(F.dropout(x, 1.0).data<double>(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void DropoutGradientIsTheSameMaskAndScale()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(123);
        var x = torch.ones([200], ScalarType.Float64, requires_grad: true);
        var y = F.dropout(x, 0.5, generator: g);
        y.sum().backward();
        Assert.Equal(y.detach().data<double>(), x.grad!.data<double>());
    }

    [Fact]
    public void DropoutProbabilityOutsideTheUnitIntervalIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([3]);
        Assert.Contains("between 0 and 1", Assert.Throws<TorchException>(() => F.dropout(x, 1.5)).Message);
        Assert.Throws<TorchException>(() => F.dropout(x, -0.1));
    }
}
