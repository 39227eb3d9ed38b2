namespace HdCluster.Torch.Tests;

/// <summary>Gradient tracking, backward, accumulation, retained graphs and grad mode.</summary>
public class AutogradTests
{
    [Fact]
    public void LeavesDoNotRequireGradUntilAsked()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 });
        Assert.False(x.requires_grad);
        Assert.True(x.is_leaf);
        Assert.Null(x.grad);
        Assert.Same(x, x.requires_grad_());
        Assert.True(x.requires_grad);
        x.requires_grad = false;
        Assert.False(x.requires_grad);
    }

    [Fact]
    public void ResultsOfOperationsOnTrackedTensorsRequireGradAndAreNotLeaves()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var y = x * 2.0;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        Assert.False((torch.tensor(new[] { 1.0 }) * 2.0).requires_grad);
    }

    [Fact]
    public void BackwardFillsTheGradOfEachLeaf()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var w = torch.tensor(new[] { 3.0, -1.0 }, requires_grad: true);
        (x * w).sum().backward();
        Assert.Equal([3.0, -1.0], x.grad!.data<double>());
        Assert.Equal([1.0, 2.0], w.grad!.data<double>());
    }

    [Fact]
    public void BackwardOfANonScalarTakesTheGivenOutputGradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.square();
        y.backward(torch.tensor(new[] { 1.0, 10.0 }));
        Assert.Equal([2.0, 40.0], x.grad!.data<double>());
    }

    [Fact]
    public void BackwardOfANonScalarWithoutAGradientIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var e = Assert.Throws<TorchException>(() => x.square().backward());
        Assert.Contains("scalar outputs", e.Message);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        x.square().sum().backward();
        x.mul(3.0).sum().backward();
        Assert.Equal([2 + 3.0, 4 + 3.0], x.grad!.data<double>());
    }

    [Fact]
    public void SecondBackwardThroughARetainedGraphWorksAndAccumulates()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.exp().sum();
        y.backward(retain_graph: true);
        y.backward();
        Assert.Equal([2 * Math.Exp(1), 2 * Math.Exp(2)], x.grad!.data<double>());
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphIsATorchExceptionNotACrash()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.exp().sum();
        y.backward();
        var e = Assert.Throws<TorchException>(() => y.backward());
        Assert.Contains("backward through the graph a second time", e.Message);
    }

    [Fact]
    public void BackwardOfATensorThatDoesNotRequireGradIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.ones([1]).sum().backward());
        Assert.Contains("does not require grad", e.Message);
    }

    [Fact]
    public void ClearingGradResetsAccumulation()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        x.mul(2.0).sum().backward();
        x.grad = null;
        Assert.Null(x.grad);
        x.mul(5.0).sum().backward();
        Assert.Equal([5.0], x.grad!.data<double>());
    }

    [Fact]
    public void GradCanBeAssignedAndZeroedInPlace()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 1.0 }, requires_grad: true);
        x.grad = torch.tensor(new[] { 4.0, 5.0 });
        x.grad!.zero_();
        x.sum().backward();
        Assert.Equal([1.0, 1.0], x.grad!.data<double>());
    }

    [Fact]
    public void AssigningAGradOfAnotherShapeOrDtypeIsATorchExceptionAsInPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2], ScalarType.Float64, requires_grad: true);
        Assert.Contains("different size", Assert.Throws<TorchException>(() => x.grad = torch.zeros([2, 2], ScalarType.Float64)).Message);
        Assert.Contains("different type", Assert.Throws<TorchException>(() => x.grad = torch.zeros([2], ScalarType.Float32)).Message);
        Assert.Null(x.grad);
    }

    [Fact]
    public void BackwardWithAGradientOfTheWrongShapeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros([2], ScalarType.Float64, requires_grad: true);
        var e = Assert.Throws<TorchException>(() => x.mul(2.0).backward(torch.zeros([3], ScalarType.Float64)));
        Assert.Contains("invalid gradient", e.Message);
    }

    [Fact]
    public void EachGradReadIsAHandleOnTheSameGradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        x.sum().backward();
        var first = x.grad!;
        var second = x.grad!;
        Assert.NotSame(first, second);
        first.mul_(10.0);
        Assert.Equal([10.0], second.data<double>());
        first.Dispose();
        Assert.Equal([10.0], x.grad!.data<double>());
    }

    [Fact]
    public void NonLeafGradIsKeptOnlyWhenRetained()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var hidden = x.mul(3.0);
        var retained = x.mul(4.0).retain_grad();
        (hidden.square().sum() + retained.square().sum()).backward();

        Assert.Null(hidden.grad);
        Assert.Equal([8.0, 16.0], retained.grad!.data<double>());
        Assert.Equal([2 * 9 * 1.0 + 2 * 16 * 1.0, 2 * 9 * 2.0 + 2 * 16 * 2.0], x.grad!.data<double>());
    }

    [Fact]
    public void DetachSharesStorageButStopsGradients()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var d = x.detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);

        (x * d).sum().backward();
        Assert.Equal([1.0, 2.0], x.grad!.data<double>());

        d.mul_(2.0);
        Assert.Equal([2.0, 4.0], x.detach().data<double>());
    }

    [Fact]
    public void DetachInPlaceTurnsAResultIntoALeaf()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var y = x * 2.0;
        Assert.Same(y, y.detach_());
        Assert.False(y.requires_grad);
        Assert.True(y.is_leaf);
    }

    [Fact]
    public void NoGradScopeStopsRecordingAndRestoresTheModeAfterwards()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        Assert.True(GradMode.IsEnabled);
        using (torch.no_grad())
        {
            Assert.False(GradMode.IsEnabled);
            var y = x * 2.0;
            Assert.False(y.requires_grad);
            using (torch.enable_grad())
            {
                Assert.True(GradMode.IsEnabled);
                Assert.True((x * 2.0).requires_grad);
            }

            Assert.False(GradMode.IsEnabled);
        }

        Assert.True(GradMode.IsEnabled);
        Assert.True((x * 2.0).requires_grad);
    }

    [Fact]
    public void DisposingAGradModeTwiceRestoresOnlyOnce()
    {
        var outer = torch.no_grad();
        var inner = torch.enable_grad();
        inner.Dispose();
        outer.Dispose();
        inner.Dispose();
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void GradModeIsPerThread()
    {
        using (torch.no_grad())
        {
            var otherThreadMode = false;
            var thread = new Thread(() => otherThreadMode = GradMode.IsEnabled);
            thread.Start();
            thread.Join();
            Assert.True(otherThreadMode);
            Assert.False(GradMode.IsEnabled);
        }
    }

    [Fact]
    public void AutogradGradReturnsGradientsWithoutTouchingDotGrad()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var w = torch.tensor(new[] { 3.0, 4.0 }, requires_grad: true);
        var grads = torch.autograd.grad([(x * w).sum()], [x, w]);
        Assert.Equal([3.0, 4.0], grads[0]!.data<double>());
        Assert.Equal([1.0, 2.0], grads[1]!.data<double>());
        Assert.Null(x.grad);
        Assert.Null(w.grad);
    }

    [Fact]
    public void AutogradGradWithOutputGradientsWeightsEachOutput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var grads = torch.autograd.grad([x.square(), x.sum()], [x], [torch.tensor(new[] { 1.0, 0.5 }), null]);
        Assert.Equal([2 * 1.0 + 1, 2 * 2.0 * 0.5 + 1], grads[0]!.data<double>());
    }

    [Fact]
    public void AutogradGradOfAnUnusedInputIsNullWithAllowUnusedAndAnErrorWithout()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var unused = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var grads = torch.autograd.grad([x.square().sum()], [x, unused], retain_graph: true, allow_unused: true);
        Assert.Equal([2.0], grads[0]!.data<double>());
        Assert.Null(grads[1]);

        var e = Assert.Throws<TorchException>(() => torch.autograd.grad([x.square().sum()], [unused]));
        Assert.Contains("allow_unused", e.Message);
    }

    [Fact]
    public void AutogradGradWithRetainGraphCanBeCalledTwice()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 2.0 }, requires_grad: true);
        var y = x.exp().sum();
        torch.autograd.grad([y], [x], retain_graph: true);
        Assert.Equal([Math.Exp(2)], torch.autograd.grad([y], [x])[0]!.data<double>());
        Assert.Throws<TorchException>(() => torch.autograd.grad([y], [x]));
    }

    [Fact]
    public void AutogradGradWithMismatchedGradOutputsIsAnArgumentException()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        Assert.Throws<ArgumentException>(() => torch.autograd.grad([x.sum()], [x], [null, null]));
    }
}
