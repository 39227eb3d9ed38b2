using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models.Tests;

public class CharLstmTests
{
    private const long Vocabulary = 65;

    private static Tensor Text(Generator generator, long batch = 3, long seq = 7) => torch.randint(0, Vocabulary, [batch, seq], generator);

    [Fact]
    public void BatchOfSequencesGivesLogitsPerPosition()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var model = new CharLstm(Vocabulary, generator);

        Assert.Equal([3L * 7, Vocabulary], model.forward(Text(generator)).shape);
    }

    [Fact]
    public void HasTheParametersOfTwoLayersOf256AndAHead()
    {
        using var generator = new Generator(1);
        using var model = new CharLstm(Vocabulary, generator);

        const long H = 256;
        var layer0 = (4 * H * Vocabulary) + (4 * H * H) + (2 * 4 * H);
        var layer1 = (4 * H * H) + (4 * H * H) + (2 * 4 * H);
        var head = (H * Vocabulary) + Vocabulary;

        Assert.Equal(873_793, layer0 + layer1 + head);
        Assert.Equal(layer0 + layer1 + head, ModelAssert.ParameterCount(model));
    }

    [Fact]
    public void NamesAreThoseOfNnLstmAndALinearHead()
    {
        using var generator = new Generator(1);
        using var model = new CharLstm(Vocabulary, generator);

        Assert.Equal(
            [
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
                "fc.weight", "fc.bias",
            ],
            model.parameters().Select(p => p.Name));
        Assert.Equal([1024L, 65], model.parameters()[0].Value.shape);
        Assert.Equal([1024L, 256], model.parameters()[4].Value.shape);
    }

    [Fact]
    public void LstmWeightsStartUniformWithinOneOverSqrtHidden()
    {
        using var generator = new Generator(1);
        using var model = new CharLstm(Vocabulary, generator);
        var bound = 1 / Math.Sqrt(256);

        foreach (var slot in model.parameters().Where(p => p.Name.StartsWith("lstm.", StringComparison.Ordinal)))
        {
            var v = ModelAssert.Values(slot);
            Assert.All(v, x => Assert.InRange(x, -bound, bound));
            Assert.True(v.Max() > 0.9 * bound && v.Min() < -0.9 * bound, $"{slot.Name} does not fill U(-{bound}, {bound})");
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        using Generator g1 = new(5), g2 = new(5), g3 = new(6);
        using CharLstm a = new(Vocabulary, g1), b = new(Vocabulary, g2), c = new(Vocabulary, g3);

        ModelAssert.SameState(a, b);
        ModelAssert.DifferentWeights(a, c);
    }

    [Fact]
    public void InEvaluationTheLayerLoopIsLibtorchsStackedLstm()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new CharLstm(Vocabulary, generator, ScalarType.Float64);
        model.eval();
        var text = Text(data);

        var output = model.forward(text);

        var x = F.one_hot(text, Vocabulary).to(ScalarType.Float64);
        var zeros = torch.zeros([2, 3, 256], ScalarType.Float64);
        var lstmWeights = model.parameters().Take(8).Select(p => p.Value).ToArray();
        var (hidden, _, _) = F.lstm(x, zeros, zeros, lstmWeights, 2, batch_first: true);
        var fc = model.parameters().Skip(8).ToArray();
        var expected = F.linear(hidden.reshape(-1, 256), fc[0].Value, fc[1].Value).data<double>();
        var actual = output.data<double>();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12);
        }
    }

    [Fact]
    public void DropoutBetweenLayersActsOnlyInTrainingAndIsReproducible()
    {
        using var scope = torch.NewDisposeScope();
        using Generator g1 = new(5), g2 = new(5), data = new(9);
        using CharLstm a = new(Vocabulary, g1), b = new(Vocabulary, g2);
        var text = Text(data);

        var first = a.forward(text).data<float>();
        Assert.Equal(first, b.forward(text).data<float>());
        Assert.NotEqual(first, a.forward(text).data<float>());

        a.eval();
        var evaluated = a.forward(text).data<float>();
        Assert.Equal(evaluated, a.forward(text).data<float>());
        Assert.NotEqual(first, evaluated);
    }

    [Fact]
    public void ASingleLayerHasNoDropout()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new CharLstm(Vocabulary, generator, layers: 1);
        var text = Text(data);

        Assert.Equal(model.forward(text).data<float>(), model.forward(text).data<float>());
    }

    [Fact]
    public void LossIsTheMeanCrossEntropyOverEveryPosition()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new CharLstm(Vocabulary, generator, ScalarType.Float64);
        var text = Text(data);
        var target = Text(data);

        var output = model.forward(text);
        var loss = model.loss(output, target).item();

        var logProbabilities = F.log_softmax(output, 1);
        var flat = target.reshape(-1).data<long>();
        var expected = -flat.Select((t, row) => logProbabilities[row][t].item()).Average();
        Assert.Equal(expected, loss, 1e-12);
    }

    [Fact]
    public void OneBackwardReachesEveryParameter()
    {
        using var scope = torch.NewDisposeScope();
        using Generator generator = new(5), data = new(9);
        using var model = new CharLstm(Vocabulary, generator);

        ModelAssert.GradientReachesEveryParameter(model, model.loss(model.forward(Text(data)), Text(data)));
    }
}
