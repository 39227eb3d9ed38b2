namespace HdCluster.Torch.Tests;

/// <summary>In-place operations write into the tensor they are called on, and autograd guards them.</summary>
public class InPlaceTests
{
    [Fact]
    public void AddSubAndMulInPlaceUpdateTheTensorAndReturnIt()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new[] { 1.0, 2.0 });
        Assert.Same(t, t.add_(torch.tensor(new[] { 10.0, 20.0 })));
        Assert.Equal([11.0, 22.0], t.data<double>());
        t.add_(torch.tensor(new[] { 1.0, 1.0 }), alpha: -2);
        Assert.Equal([9.0, 20.0], t.data<double>());
        t.sub_(1.0).mul_(2.0);
        Assert.Equal([16.0, 38.0], t.data<double>());
        t.sub_(torch.tensor(new[] { 6.0, 8.0 })).mul_(torch.tensor(new[] { 0.5, 0.1 }));
        Assert.Equal([5.0, 3.0], t.data<double>(), new ToleranceComparer(1e-12));
        t.add_(1.0).div_(2.0);
        Assert.Equal([3.0, 2.0], t.data<double>(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void InPlaceArithmeticBroadcastsTheOtherOperand()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([2, 2], ScalarType.Float64);
        t.add_(torch.tensor(new[] { 1.0, 2.0 }));
        Assert.Equal([1.0, 2.0, 1.0, 2.0], t.data<double>());
    }

    [Fact]
    public void ZeroFillAndCopyOverwriteEveryElement()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new[] { 1.0, 2.0, 3.0 });
        Assert.Same(t, t.zero_());
        Assert.Equal([0.0, 0, 0], t.data<double>());
        Assert.Same(t, t.fill_(7));
        Assert.Equal([7.0, 7, 7], t.data<double>());
        Assert.Same(t, t.copy_(torch.tensor(new[] { 4f, 5f, 6f })));
        Assert.Equal([4.0, 5, 6], t.data<double>());
        Assert.Equal(ScalarType.Float64, t.dtype);
    }

    [Fact]
    public void InPlaceUnaryOperationsMatchTheirOutOfPlaceForms()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(131);
        var x = TestInputs.Uniform(g, 0.5, 2, 6);
        Assert.Equal(x.neg().data<double>(), x.clone().neg_().data<double>());
        Assert.Equal(x.exp().data<double>(), x.clone().exp_().data<double>());
        Assert.Equal(x.sqrt().data<double>(), x.clone().sqrt_().data<double>());
        Assert.Equal(x.tanh().data<double>(), x.clone().tanh_().data<double>());
        Assert.Equal(x.square().data<double>(), x.clone().square_().data<double>());
        Assert.Equal(x.pow(2.5).data<double>(), x.clone().pow_(2.5).data<double>());
        var y = x.sub(1.0);
        Assert.Equal(y.relu().data<double>(), y.clone().relu_().data<double>());
        Assert.Equal(y.abs().data<double>(), y.clone().abs_().data<double>());
        Assert.Equal(y.clamp_min(0.2).data<double>(), y.clone().clamp_min_(0.2).data<double>());
        Assert.Equal(y.clamp_max(0.2).data<double>(), y.clone().clamp_max_(0.2).data<double>());
    }

    [Fact]
    public void InPlaceChangesAreVisibleThroughViews()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([2, 3], ScalarType.Float64);
        t[1].fill_(5);
        t.narrow(1, 0, 1).add_(1.0);
        Assert.Equal([1.0, 0, 0, 6, 5, 5], t.data<double>());
    }

    [Fact]
    public void InPlaceOperationOnALeafThatRequiresGradIsATorchExceptionWithLibtorchsMessage()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        var e = Assert.Throws<TorchException>(() => x.add_(1.0));
        Assert.Contains("a leaf Variable that requires grad is being used in an in-place operation", e.Message);
        Assert.Throws<TorchException>(() => x.mul_(torch.tensor(new[] { 2.0 })));
        Assert.Throws<TorchException>(() => x.zero_());
        Assert.Equal([1.0], x.detach().data<double>());
    }

    [Fact]
    public void InPlaceOperationOnALeafIsAllowedUnderNoGrad()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
        using (torch.no_grad())
        {
            x.sub_(torch.tensor(new[] { 0.25 }));
        }

        Assert.Equal([0.75], x.detach().data<double>());
        Assert.True(x.requires_grad);
        Assert.True(x.is_leaf);
    }

    [Fact]
    public void ModifyingATensorSavedForBackwardIsATorchExceptionAtBackward()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.exp();
        var z = y.exp().sum();
        y.mul_(2.0);
        var e = Assert.Throws<TorchException>(() => z.backward());
        Assert.Contains("modified by an inplace operation", e.Message);
    }

    [Fact]
    public void InPlaceOperationOnANonLeafIsRecordedByAutograd()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.0, 2.0 }, requires_grad: true);
        var y = x.mul(1.0);
        y.mul_(3.0).add_(1.0);
        y.sum().backward();
        Assert.Equal([3.0, 3.0], x.grad!.data<double>());
    }

    [Fact]
    public void InPlaceAddOfAnIncompatibleShapeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros(2);
        Assert.Throws<TorchException>(() => t.add_(torch.zeros(2, 2)));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
