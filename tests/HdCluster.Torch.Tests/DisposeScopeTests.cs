namespace HdCluster.Torch.Tests;

/// <summary>Ownership of tensors by dispose scopes: what a scope frees, and how results escape it.</summary>
public class DisposeScopeTests
{
    [Fact]
    public void ScopeDisposesEveryTensorCreatedInsideIt()
    {
        Tensor a, b, c;
        using (var scope = torch.NewDisposeScope())
        {
            a = torch.ones(2);
            b = a.add(1.0);
            c = b.sum();
            Assert.Equal(3, scope.Count);
        }

        Assert.True(a.IsDisposed);
        Assert.True(b.IsDisposed);
        Assert.True(c.IsDisposed);
    }

    [Fact]
    public void TensorsReturnedByPropertiesAndMultiOutputFunctionsAreOwnedToo()
    {
        Tensor grad, h;
        using (var scope = torch.NewDisposeScope())
        {
            var x = torch.tensor(new[] { 1.0 }, requires_grad: true);
            x.sum().backward();
            grad = x.grad!;
            var zeros = torch.zeros([1, 1, 1], ScalarType.Float64);
            var weight = torch.zeros([4, 1], ScalarType.Float64);
            var bias = torch.zeros([4], ScalarType.Float64);
            (_, h, _) = torch.nn.functional.lstm(zeros, zeros, zeros, [weight, weight, bias, bias], 1);
        }

        Assert.True(grad.IsDisposed);
        Assert.True(h.IsDisposed);
    }

    [Fact]
    public void TensorsCreatedWithNoScopeOpenBelongToTheCaller()
    {
        using var unowned = torch.ones(2);
        using (torch.NewDisposeScope())
        {
            torch.zeros(2);
        }

        Assert.False(unowned.IsDisposed);
        Assert.Equal([1f, 1f], unowned.data<float>());
    }

    [Fact]
    public void InnerScopeDisposesOnlyItsOwnTensorsAndThenTheOuterOneOwnsNewOnes()
    {
        using var outer = torch.NewDisposeScope();
        var before = torch.ones(1);
        Tensor inside;
        using (var inner = torch.NewDisposeScope())
        {
            inside = torch.ones(1);
            Assert.Equal(1, inner.Count);
        }

        var after = torch.ones(1);
        Assert.True(inside.IsDisposed);
        Assert.False(before.IsDisposed);
        Assert.False(after.IsDisposed);
        Assert.Equal(2, outer.Count);
    }

    [Fact]
    public void MoveToOuterDisposeScopeHandsTheTensorToTheEnclosingScope()
    {
        Tensor result;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                var temporary = torch.ones(3);
                result = temporary.mul(2.0).MoveToOuterDisposeScope();
                Assert.Equal(1, inner.Count);
            }

            Assert.False(result.IsDisposed);
            Assert.Equal([2f, 2f, 2f], result.data<float>());
            Assert.Equal(1, outer.Count);
        }

        Assert.True(result.IsDisposed);
    }

    [Fact]
    public void MoveToOuterFromTheOutermostScopeLeavesTheTensorToTheCaller()
    {
        Tensor result;
        using (torch.NewDisposeScope())
        {
            result = torch.ones(1).MoveToOuterDisposeScope();
        }

        Assert.False(result.IsDisposed);
        result.Dispose();
    }

    [Fact]
    public void ScopeMoveToOuterOfATensorItDoesNotOwnChangesNothing()
    {
        using var outermost = torch.NewDisposeScope();
        using var middle = torch.NewDisposeScope();
        Tensor t;
        using (torch.NewDisposeScope())
        {
            t = torch.ones(1);
            Assert.Same(t, middle.MoveToOuter(t));
            Assert.Equal(0, outermost.Count);
        }

        Assert.True(t.IsDisposed);
    }

    [Fact]
    public void DetachFromDisposeScopeMakesTheCallerTheOwner()
    {
        Tensor kept;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                kept = torch.ones(2).DetachFromDisposeScope();
                Assert.Equal(0, inner.Count);
            }

            Assert.Equal(0, outer.Count);
        }

        Assert.False(kept.IsDisposed);
        kept.Dispose();
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void MovingOrDetachingACallerOwnedTensorIsANoOp()
    {
        using var t = torch.ones(1);
        Assert.Same(t, t.MoveToOuterDisposeScope());
        Assert.Same(t, t.DetachFromDisposeScope());
        Assert.False(t.IsDisposed);
    }

    [Fact]
    public void DisposingAScopeTwiceIsHarmless()
    {
        var scope = torch.NewDisposeScope();
        var t = torch.ones(1);
        scope.Dispose();
        scope.Dispose();
        Assert.True(t.IsDisposed);

        using var caller = torch.ones(1);
        Assert.False(caller.IsDisposed);
    }

    [Fact]
    public void DisposingAnOwnedTensorEarlyRemovesItFromItsScope()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.ones(1);
        var u = torch.ones(1);
        t.Dispose();
        Assert.Equal(1, scope.Count);
        Assert.False(u.IsDisposed);
    }

    [Fact]
    public void ClosingAnOuterScopeBeforeItsInnerOneLeavesNoScopeOfEitherOpen()
    {
        var outer = torch.NewDisposeScope();
        var inner = torch.NewDisposeScope();
        var fromInner = torch.ones(1);
        outer.Dispose();

        using var afterwards = torch.ones(1);
        Assert.Equal(0, outer.Count);
        Assert.Equal(1, inner.Count);
        inner.Dispose();
        Assert.True(fromInner.IsDisposed);
        Assert.False(afterwards.IsDisposed);
    }

    [Fact]
    public void ScopesBelongToTheThreadThatOpenedThem()
    {
        Tensor? fromOtherThread = null;
        using (var scope = torch.NewDisposeScope())
        {
            var thread = new Thread(() => fromOtherThread = torch.ones(1));
            thread.Start();
            thread.Join();
            Assert.Equal(0, scope.Count);
        }

        Assert.False(fromOtherThread!.IsDisposed);
        fromOtherThread.Dispose();
    }

    [Fact]
    public void ViewsAndAliasesAreSeparateHandlesThatKeepTheStorageAlive()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new[] { 1.0, 2.0 });
        var alias = t.alias();
        var view = t.view(2, 1);
        t.Dispose();
        Assert.Equal([1.0, 2.0], alias.data<double>());
        alias.fill_(3);
        Assert.Equal([3.0, 3.0], view.data<double>());
    }
}
