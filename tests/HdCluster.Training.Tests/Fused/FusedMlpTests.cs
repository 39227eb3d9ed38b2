using HdCluster.Models;
using HdCluster.Torch;
using HdCluster.Training.Fused;

namespace HdCluster.Training.Tests.Fused;

/// <summary>The fused model computes each cell's forward pass, loss and gradient as the cell's own model does.</summary>
public class FusedMlpTests
{
    [Theory]
    [InlineData(MlpHead.Logits, Activation.Relu, true)]
    [InlineData(MlpHead.TanhLogSoftmax, Activation.Tanh, true)]
    [InlineData(MlpHead.Logits, Activation.Sigmoid, false)]
    public void TheSumOfTheCellsLossesGivesEachCellItsOwnLossAndGradient(MlpHead head, Activation activation, bool shared)
    {
        using var generator = new Generator(5);
        var cells = Enumerable.Range(0, 3).Select(_ => new Mlp(12, [7, 5], 4, activation, head, generator, ScalarType.Float64)).ToList();
        using var fused = FusedMlp.Stack(cells);
        using var x = torch.randn([3, 9, 12], generator, ScalarType.Float64);
        using var y = torch.randint(0, 4, [3, 9], generator);

        using var scope = torch.NewDisposeScope();
        var losses = shared ? fused.losses(fused.forwardShared(x[0]), y[0]) : fused.losses(fused.forward(x), y);
        losses.sum().backward();
        var fusedLosses = losses.detach().data<double>();
        for (var k = 0; k < cells.Count; k++)
        {
            var (input, target) = shared ? (x[0], y[0]) : (x[k], y[k]);
            var loss = cells[k].loss(cells[k].forward(input), target);
            loss.backward();
            Assert.Equal(loss.item(), fusedLosses[k], 1e-14);
            var parameters = cells[k].parameters();
            for (var i = 0; i < parameters.Count; i++)
            {
                var alone = parameters[i].Value.grad!.data<double>();
                var together = fused.parameters()[i].Value.grad![k].contiguous().data<double>();
                Assert.Equal(parameters[i].Name, fused.parameters()[i].Name);
                for (var j = 0; j < alone.Length; j++)
                {
                    Assert.Equal(alone[j], together[j], 1e-14);
                }
            }
        }

        cells.ForEach(c => c.Dispose());
    }

    [Fact]
    public void ModelsOfDifferentArchitecturesDoNotStack()
    {
        using var generator = new Generator(1);
        using var a = new Mlp(12, [7], 4, Activation.Relu, MlpHead.Logits, generator);
        using var b = new Mlp(12, [8], 4, Activation.Relu, MlpHead.Logits, generator);

        var error = Assert.Throws<ArgumentException>(() => FusedMlp.Stack([a, b]));
        Assert.Contains("one architecture", error.Message);
    }
}
