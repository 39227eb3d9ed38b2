namespace HdCluster.Torch.Tests;

/// <summary>What a tensor reports about itself, and the value-level queries: comparisons, arg-reductions, finiteness.</summary>
public class TensorQueryTests
{
    [Fact]
    public void ShapeQueriesDescribeTheTensor()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros(2, 3, 4);
        Assert.Equal(3, t.dim());
        Assert.Equal(24, t.numel());
        Assert.Equal(3, t.size(1));
        Assert.Equal(4, t.size(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.size(3));
        Assert.Equal("[2, 3, 4] Float32 on cpu", t.Describe());
    }

    [Fact]
    public void ToStringPrintsTheValues()
    {
        using var scope = torch.NewDisposeScope();
        var text = torch.tensor(new[] { 1.5, 2.5 }).ToString();
        Assert.Contains("1.5000", text);
        Assert.Contains("2.5000", text);
    }

    [Fact]
    public void ViewsAndReshapesHaveTheRequestedShape()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(24).reshape(2, 3, 4);
        Assert.Equal([6L, 4], t.view(-1, 4).shape);
        Assert.Equal([2L, 12], t.flatten(1).shape);
        Assert.Equal([4L, 2, 3], t.permute(2, 0, 1).shape);
        Assert.Equal([2L, 1, 3, 4], t.unsqueeze(1).shape);
        Assert.Equal([2L, 3, 2], t.narrow(2, 1, 2).shape);
        Assert.Equal([2L, 3, 2], t.slice(2, 0, 4, 2).shape);
        Assert.Equal([3L, 4], t[1].shape);
        Assert.Equal([12L, 13, 14, 15], t[1][0].data<long>());
        Assert.Equal([2L, 3, 4, 5], torch.zeros(1, 3, 1, 5).expand(2, 3, 4, 5).shape);
        Assert.Equal([4L, 3, 4], torch.cat([t, t], 0).shape);
        Assert.Equal([2L, 2, 3, 4], torch.stack([t, t], 1).shape);
    }

    [Fact]
    public void ComparisonsAndLogicalOpsGiveBooleanTensors()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new[] { 1.0, 2.0, 3.0 });
        var b = torch.tensor(new[] { 3.0, 2.0, 1.0 });
        Assert.Equal(ScalarType.Bool, a.lt(b).dtype);
        Assert.Equal([true, false, false], a.lt(b).data<bool>());
        Assert.Equal([true, true, false], a.le(b).data<bool>());
        Assert.Equal([false, false, true], a.gt(b).data<bool>());
        Assert.Equal([false, true, true], a.ge(b).data<bool>());
        Assert.Equal([false, true, false], a.eq(b).data<bool>());
        Assert.Equal([true, false, true], a.ne(2.0).data<bool>());
        Assert.Equal([false, false, false], a.lt(b).logical_and(a.gt(b)).data<bool>());
        Assert.Equal([true, false, true], a.lt(b).logical_or(a.gt(b)).data<bool>());
        Assert.Equal([false, true, false], a.ne(b).logical_not().data<bool>());
    }

    [Fact]
    public void ArgmaxAndArgminFindIndices()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new double[] { 3, 9, 1, 4, 0, 8 }, [2, 3]);
        Assert.Equal(1, t.argmax().itemLong());
        Assert.Equal([1L, 2], t.argmax(1).data<long>());
        Assert.Equal([2L, 1], t.argmin(1).data<long>());
    }

    [Fact]
    public void AllFiniteDetectsNanAndInfinity()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(1, torch.tensor(new[] { 1.0, 2.0 }).all_finite().itemLong());
        Assert.Equal(0, torch.tensor(new[] { 1.0, double.NaN }).all_finite().itemLong());
        Assert.Equal(0, torch.tensor(new[] { double.NegativeInfinity }).all_finite().itemLong());
        Assert.Equal([false, true], torch.tensor(new[] { 1.0, double.NaN }).isnan().data<bool>());
    }
}
