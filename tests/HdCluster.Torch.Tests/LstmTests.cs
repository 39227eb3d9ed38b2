using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>The LSTM against the cell equations, with PyTorch's gate order i, f, g, o.</summary>
public class LstmTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void OneStepOneUnitLstmMatchesTheCellEquationsWithGatesInPyTorchOrder()
    {
        using var scope = torch.NewDisposeScope();
        const double x = 0.5, h0 = -0.3, c0 = 0.8;
        double[] wIh = [0.1, 0.2, 0.3, 0.4];     // input, forget, cell, output
        double[] wHh = [-0.5, 0.6, -0.7, 0.8];
        double[] bIh = [0.01, 0.02, 0.03, 0.04];
        double[] bHh = [0.1, -0.2, 0.3, -0.4];
        double Pre(int gate) => wIh[gate] * x + bIh[gate] + wHh[gate] * h0 + bHh[gate];

        var i = Sigmoid(Pre(0));
        var f = Sigmoid(Pre(1));
        var g = Math.Tanh(Pre(2));
        var o = Sigmoid(Pre(3));
        var c1 = f * c0 + i * g;
        var h1 = o * Math.Tanh(c1);

        var (output, h, c) = F.lstm(
            torch.tensor(new[] { x }, [1, 1, 1]),
            torch.tensor(new[] { h0 }, [1, 1, 1]),
            torch.tensor(new[] { c0 }, [1, 1, 1]),
            [torch.tensor(wIh, [4, 1]), torch.tensor(wHh, [4, 1]), torch.tensor(bIh), torch.tensor(bHh)],
            num_layers: 1);

        TensorAssert.Close([h1], output, 1e-12, shape: [1, 1, 1]);
        TensorAssert.Close([h1], h, 1e-12, shape: [1, 1, 1]);
        TensorAssert.Close([c1], c, 1e-12, shape: [1, 1, 1]);
    }

    [Fact]
    public void LstmOutputsEveryStepAndTheFinalStateOfEachLayer()
    {
        using var scope = torch.NewDisposeScope();
        using var gen = new Generator(111);
        const int sequence = 4, batch = 3, features = 5, hidden = 2;
        Tensor[] parameters =
        [
            TestInputs.Randn(gen, 4 * hidden, features), TestInputs.Randn(gen, 4 * hidden, hidden), TestInputs.Randn(gen, 4 * hidden), TestInputs.Randn(gen, 4 * hidden),
            TestInputs.Randn(gen, 4 * hidden, hidden), TestInputs.Randn(gen, 4 * hidden, hidden), TestInputs.Randn(gen, 4 * hidden), TestInputs.Randn(gen, 4 * hidden),
        ];
        var input = TestInputs.Randn(gen, sequence, batch, features);
        var state = torch.zeros([2, batch, hidden], ScalarType.Float64);

        var (output, h, c) = F.lstm(input, state, state, parameters, num_layers: 2);

        Assert.Equal([sequence, batch, hidden], output.shape);
        Assert.Equal([2, batch, hidden], h.shape);
        Assert.Equal([2, batch, hidden], c.shape);
        TensorAssert.Close(output.select(0, -1).data<double>(), h.select(0, 1));

        var (batchFirstOutput, _, _) = F.lstm(input.transpose(0, 1), state, state, parameters, num_layers: 2, batch_first: true);
        TensorAssert.Close(output.transpose(0, 1).contiguous().data<double>(), batchFirstOutput, 1e-12, shape: [batch, sequence, hidden]);
    }

    [Fact]
    public void LstmWithTheWrongNumberOfParametersIsATorchExceptionNamingTheLayout()
    {
        using var scope = torch.NewDisposeScope();
        var zeros = torch.zeros([1, 1, 1], ScalarType.Float64);
        var e = Assert.Throws<TorchException>(() => F.lstm(zeros, zeros, zeros, [torch.zeros([4, 1], ScalarType.Float64)], num_layers: 1));
        Assert.Contains("w_ih, w_hh, b_ih, b_hh", e.Message);
    }
}
