using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>Gradients built with create_graph are themselves differentiable, as hyperoptimizers need.</summary>
public class SecondOrderGradientTests
{
    [Fact]
    public void SecondDerivativeOfCubeIsSixX()
    {
        using var scope = torch.NewDisposeScope();
        var values = new[] { -1.5, 0.5, 2.0 };
        var x = torch.tensor(values, requires_grad: true);

        var dy = torch.autograd.grad([x.pow(3).sum()], [x], create_graph: true)[0]!;
        Assert.True(dy.requires_grad);
        TensorAssert.Close(values.Select(v => 3 * v * v).ToArray(), dy);

        var d2y = torch.autograd.grad([dy.sum()], [x])[0]!;
        TensorAssert.Close(values.Select(v => 6 * v).ToArray(), d2y);
    }

    [Fact]
    public void GradientWithoutCreateGraphIsNotDifferentiable()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var dy = torch.autograd.grad([x.pow(3).sum()], [x])[0]!;
        Assert.False(dy.requires_grad);
    }

    [Fact]
    public void HessianVectorProductOfSmallMlpMatchesFiniteDifferencesOfItsGradient()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(91);
        var input = TestInputs.Randn(g, 5, 3);
        var target = TestInputs.Randn(g, 5, 1);
        var parameters = new[] { TestInputs.Randn(g, 4, 3), TestInputs.Randn(g, 4), TestInputs.Randn(g, 1, 4), TestInputs.Randn(g, 1) };
        var direction = parameters.Select(p => TestInputs.Randn(g, p.shape)).ToArray();

        Tensor[] Gradient(Tensor[] p, bool createGraph)
        {
            var hidden = F.linear(input, p[0], p[1]).tanh();
            var loss = F.linear(hidden, p[2], p[3]).sub(target).square().mean();
            return torch.autograd.grad([loss], p, create_graph: createGraph).Select(t => t!).ToArray();
        }

        var leaves = parameters.Select(p => p.clone().requires_grad_()).ToArray();
        var gradient = Gradient(leaves, createGraph: true);
        var gradientDotDirection = gradient.Zip(direction, (gi, vi) => gi.mul(vi).sum()).Aggregate((a, b) => a + b);
        var hessianTimesDirection = torch.autograd.grad([gradientDotDirection], leaves);

        const double epsilon = 1e-5;
        Tensor[] GradientAt(double sign) =>
            Gradient(parameters.Zip(direction, (p, v) => p.add(v, sign * epsilon).requires_grad_()).ToArray(), createGraph: false);
        var plus = GradientAt(+1);
        var minus = GradientAt(-1);
        for (var i = 0; i < parameters.Length; i++)
        {
            var finiteDifference = plus[i].sub(minus[i]).div(2 * epsilon).data<double>();
            TensorAssert.Close(finiteDifference, hessianTimesDirection[i]!, tolerance: 1e-7);
        }
    }

    [Fact]
    public void GradientOfTanhMatmulIsItselfCorrectlyDifferentiable()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(92);
        var w = TestInputs.Randn(g, 3, 2);
        GradientCheck.Check(
            x => torch.autograd.grad([x[0].matmul(w).tanh().sum()], [x[0]], create_graph: true)[0]!,
            TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void GradientOfCrossEntropyIsItselfCorrectlyDifferentiable()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(93);
        var target = torch.tensor(new long[] { 2, 0 });
        GradientCheck.Check(
            x => torch.autograd.grad([F.cross_entropy(x[0], target)], [x[0]], create_graph: true)[0]!,
            TestInputs.Randn(g, 2, 3));
    }

    [Fact]
    public void GradientOfConv2dLossIsItselfCorrectlyDifferentiableWithRespectToTheWeight()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(94);
        var input = TestInputs.Randn(g, 1, 1, 4, 4);
        GradientCheck.Check(
            x => torch.autograd.grad([F.conv2d(input, x[0], padding: 1).sigmoid().sum()], [x[0]], create_graph: true)[0]!,
            TestInputs.Randn(g, 2, 1, 3, 3));
    }
}
