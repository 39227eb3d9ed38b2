using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class DropoutTests
{
    [Fact]
    public void TrainingMasksComeFromTheGivenGenerator()
    {
        using var scope = torch.NewDisposeScope();
        using Generator g1 = new(3), g2 = new(3);
        using Dropout a = new(0.5, g1), b = new(0.5, g2);
        var x = torch.ones([1000]);

        var first = a.forward(x).data<float>();
        Assert.Equal(first, b.forward(x).data<float>());
        Assert.NotEqual(first, a.forward(x).data<float>());

        // Inverted dropout: survivors are scaled by 1/(1-p).
        Assert.All(first, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(first.Count(v => v == 0), 400, 600);
    }

    [Fact]
    public void EvaluationIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        using var dropout = new Dropout(0.5, generator);
        dropout.eval();
        var x = torch.randn([100], generator);

        Assert.Equal(x.data<float>(), dropout.forward(x).data<float>());
    }

    [Fact]
    public void HasNoParameters()
    {
        using var generator = new Generator(3);
        using var dropout = new Dropout(0.5, generator);

        Assert.Empty(dropout.parameters());
        Assert.Empty(dropout.buffers());
    }
}
