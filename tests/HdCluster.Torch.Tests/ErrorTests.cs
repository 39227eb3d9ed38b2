using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>Every libtorch failure crosses the bridge as a <see cref="TorchException"/> carrying
/// libtorch's own message, and leaves the library usable; misuse of a disposed tensor is an
/// <see cref="ObjectDisposedException"/>. None of them may crash the process.</summary>
public class ErrorTests
{
    [Fact]
    public void MatmulOfIncompatibleShapesReportsBothShapes()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(2, 3).matmul(torch.zeros(4, 5)));
        Assert.Contains("shapes cannot be multiplied (2x3 and 4x5)", e.Message);
    }

    [Fact]
    public void AddOfNonBroadcastableShapesIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(3) + torch.zeros(4));
        Assert.Contains("must match the size of tensor b (4)", e.Message);
    }

    [Fact]
    public void BmmOfTwoDimensionalTensorsIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(2, 2).bmm(torch.zeros(2, 2)));
        Assert.Contains("3D", e.Message);
    }

    [Fact]
    public void MatmulOfFloat32AndFloat64IsADtypeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros([2, 2], ScalarType.Float32).matmul(torch.zeros([2, 2], ScalarType.Float64)));
        Assert.Contains("Double", e.Message);
    }

    [Fact]
    public void CrossEntropyWithFloatClassIndicesIsADtypeMismatchNamingLong()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(3, 4);
        var e = Assert.Throws<TorchException>(() => F.cross_entropy(logits, torch.tensor(new[] { 0f, 1f, 2f })));
        Assert.Contains("Long", e.Message);
    }

    [Fact]
    public void CrossEntropyWithATargetClassOutOfRangeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => F.cross_entropy(torch.zeros(2, 3), torch.tensor(new long[] { 0, 3 })));
        Assert.Contains("out of bounds", e.Message);
    }

    [Fact]
    public void DataOfTheWrongElementTypeIsATorchExceptionNamingBothTypes()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros([2], ScalarType.Float64).data<float>());
        Assert.Contains("Float64", e.Message);
        Assert.Contains("Single", e.Message);
        Assert.Throws<TorchException>(() => torch.zeros([2], ScalarType.Int64).data<int>());
    }

    [Fact]
    public void DataOfAnElementTypeWithoutATensorCounterpartIsNotSupported()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<NotSupportedException>(() => torch.zeros(2).data<decimal>());
    }

    [Fact]
    public void SelectOutOfRangeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(3).select(0, 5));
        Assert.Contains("out of range", e.Message);
        Assert.Throws<TorchException>(() => torch.zeros(3)[-4]);
    }

    [Fact]
    public void IndexSelectGatherAndEmbeddingWithIndicesOutOfRangeAreTorchExceptions()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros(3, 3);
        Assert.Contains("out of range", Assert.Throws<TorchException>(() => t.index_select(0, torch.tensor(new long[] { 0, 7 }))).Message);
        Assert.Contains("out of bounds", Assert.Throws<TorchException>(() => t.gather(1, torch.tensor(new long[] { 5, 0, 0 }, [3, 1]))).Message);
        Assert.Contains("out of range", Assert.Throws<TorchException>(() => F.embedding(torch.tensor(new long[] { 3 }), t)).Message);
    }

    [Fact]
    public void DimensionOutOfRangeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(2, 2).sum(2));
        Assert.Contains("Dimension out of range", e.Message);
        Assert.Throws<TorchException>(() => torch.zeros(2, 2).transpose(0, 5));
        Assert.Throws<TorchException>(() => F.softmax(torch.zeros(2), 1));
    }

    [Fact]
    public void NarrowBeyondTheEndIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.zeros(3).narrow(0, 2, 5));
    }

    [Fact]
    public void ReshapeToADifferentElementCountIsATorchExceptionQuotingTheShape()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(2, 3).reshape(5));
        Assert.Contains("shape '[5]' is invalid for input of size 6", e.Message);
    }

    [Fact]
    public void ViewOfANonContiguousTensorIsATorchExceptionWhileReshapeCopies()
    {
        using var scope = torch.NewDisposeScope();
        var transposed = torch.zeros(2, 3).t();
        var e = Assert.Throws<TorchException>(() => transposed.view(6));
        Assert.Contains("view size is not compatible", e.Message);
        Assert.Equal([6L], transposed.reshape(6).shape);
    }

    [Fact]
    public void ExpandOfANonSingletonDimensionIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.zeros(2, 3).expand(4, 3));
    }

    [Fact]
    public void CatOfMismatchedShapesAndOfNothingAreTorchExceptions()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)], 0));
        Assert.Throws<TorchException>(() => torch.cat([], 0));
        Assert.Throws<TorchException>(() => torch.stack([torch.zeros(2), torch.zeros(3)]));
    }

    [Fact]
    public void Conv2dWithTheWrongChannelCountIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => F.conv2d(torch.zeros(1, 2, 5, 5), torch.zeros(4, 3, 3, 3)));
        Assert.Contains("channels", e.Message);
        Assert.Throws<TorchException>(() => F.conv2d(torch.zeros(1, 3, 5, 5), torch.zeros(4, 3, 3, 3), groups: 2));
    }

    [Fact]
    public void PoolingWithAKernelLargerThanThePaddedInputIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => F.max_pool2d(torch.zeros(1, 1, 2, 2), 3));
        Assert.Throws<TorchException>(() => F.avg_pool2d(torch.zeros(1, 1, 2, 2), 3));
    }

    [Fact]
    public void NegativeShapeIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.zeros(2, -1));
        Assert.Throws<TorchException>(() => torch.randperm(-1));
        Assert.Throws<TorchException>(() => torch.randint(5, 5, [2]));
    }

    [Fact]
    public void ClampWithoutAnyBoundIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Contains("min", Assert.Throws<TorchException>(() => torch.zeros(2).clamp()).Message);
    }

    [Fact]
    public void OperandsOfTheWrongKindAreTorchExceptions()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Contains("boolean", Assert.Throws<TorchException>(() => torch.where(torch.zeros(2), torch.zeros(2), torch.zeros(2))).Message);
        Assert.Contains("Long", Assert.Throws<TorchException>(() => F.embedding(torch.zeros(2), torch.zeros(3, 2))).Message);
        Assert.Contains("num_classes", Assert.Throws<TorchException>(() => F.one_hot(torch.tensor(new long[] { 5 }), 3)).Message);
        Assert.Throws<TorchException>(() => torch.zeros(3).dot(torch.zeros([3], ScalarType.Float64)));
        Assert.Throws<TorchException>(() => F.linear(torch.zeros(2, 3), torch.zeros(4, 5)));
    }

    [Fact]
    public void MessagesCarryNoNativeBacktrace()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros(2, 3).matmul(torch.zeros(4, 5)));
        Assert.DoesNotContain("frame #", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message);
    }

    [Fact]
    public void EachFailureReportsItsOwnMessageAndTheLibraryKeepsWorking()
    {
        using var scope = torch.NewDisposeScope();
        var first = Assert.Throws<TorchException>(() => torch.zeros(2, 3).matmul(torch.zeros(4, 5)));
        var second = Assert.Throws<TorchException>(() => torch.zeros(2, 3).reshape(7));
        Assert.NotEqual(first.Message, second.Message);
        Assert.Equal(6.0, torch.ones(2, 3).sum().item());
    }

    [Fact]
    public void UsingADisposedTensorIsAnObjectDisposedException()
    {
        var t = torch.ones(2);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.data<float>());
        Assert.Throws<ObjectDisposedException>(() => t.shape);
        Assert.Throws<ObjectDisposedException>(() => t.add(1.0));
        Assert.Throws<ObjectDisposedException>(() => t.requires_grad);
        Assert.Throws<ObjectDisposedException>(() => t.item());
        Assert.Equal("Tensor(disposed)", t.ToString());
    }

    [Fact]
    public void PassingADisposedTensorAsAnArgumentIsAnObjectDisposedException()
    {
        using var scope = torch.NewDisposeScope();
        var live = torch.ones(2);
        var dead = torch.ones(2);
        dead.Dispose();
        Assert.Throws<ObjectDisposedException>(() => live.add(dead));
        Assert.Throws<ObjectDisposedException>(() => torch.cat([live, dead]));
        Assert.Throws<ObjectDisposedException>(() => torch.autograd.grad([live], [dead]));
        Assert.Throws<ObjectDisposedException>(() => torch.save(new Dictionary<string, Tensor> { ["x"] = dead }, Path.Combine(Path.GetTempPath(), "never-written.pt")));
    }

    [Fact]
    public void UsingADisposedGeneratorIsAnObjectDisposedException()
    {
        var g = new Generator(1);
        g.Dispose();
        g.Dispose();
        Assert.Throws<ObjectDisposedException>(() => torch.rand([2], g));
        Assert.Throws<ObjectDisposedException>(() => g.manual_seed(2));
    }

    [Fact]
    public void DisposingATensorTwiceIsHarmless()
    {
        var t = torch.ones(2);
        t.Dispose();
        t.Dispose();
        Assert.True(t.IsDisposed);
    }

    [Fact]
    public void SettingZeroThreadsIsAnArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_interop_threads(0));
    }
}
