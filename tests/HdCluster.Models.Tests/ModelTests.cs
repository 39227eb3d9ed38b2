using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class ModelTests
{
    [Fact]
    public void CorrectCountsRowsWhoseLargestScoreIsTheTarget()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new Mlp(2, [], 3, Activation.Relu, MlpHead.Logits, generator);
        var output = torch.tensor(new float[] { 0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f, 0.3f, 0.3f, 0.4f, 0.2f, 0.5f, 0.3f }, [4, 3]);
        var target = torch.tensor(new long[] { 1, 0, 0, 1 });

        var correct = model.correct(output, target);

        Assert.Equal(ScalarType.Int64, correct.dtype);
        Assert.Equal(3, correct.itemLong());
    }

    [Fact]
    public void CorrectFlattensSequenceTargets()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new CharLstm(5, generator, hidden: 4);
        var output = torch.tensor(new float[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0 }, [4, 5]);
        var target = torch.tensor(new long[] { 0, 1, 3, 3 }, [2, 2]);

        Assert.Equal(3, model.correct(output, target).itemLong());
    }

    [Fact]
    public void TheMlpStillTrainsWithItsLoss()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new Mlp(4, [8], 3, Activation.Tanh, MlpHead.TanhLogSoftmax, generator);
        var x = torch.randn([5, 4], generator);
        var target = torch.tensor(new long[] { 0, 1, 2, 0, 1 });

        var output = model.forward(x);
        Assert.Equal([5L, 3], output.shape);
        ModelAssert.GradientReachesEveryParameter(model, model.loss(output, target));
    }
}
