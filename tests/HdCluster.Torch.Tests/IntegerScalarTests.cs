using HdCluster.Torch;

namespace HdCluster.Torch.Tests;

/// <summary>Scalars cross the bridge as doubles; a whole number on an integer tensor must keep it integral.</summary>
public class IntegerScalarTests
{
    [Fact]
    public void AddingAWholeNumberToAnInt64TensorStaysInt64()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new long[] { 1, 2, 3 });
        var r = t.add(1);
        Assert.Equal(ScalarType.Int64, r.dtype);
        Assert.Equal(new long[] { 2, 3, 4 }, r.data<long>());
    }

    [Fact]
    public void InPlaceAddOfAWholeNumberWorksOnInt64()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new long[] { 5 });
        t.add_(1).mul_(3);
        Assert.Equal(new long[] { 18 }, t.data<long>());
    }

    [Fact]
    public void AFractionOnAnIntegerTensorPromotesToFloatingPoint()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new long[] { 1 });
        var r = t.add(0.5);
        Assert.True(r.dtype.IsFloatingPoint());
        Assert.Equal(1.5, r.item());
    }

    [Fact]
    public void FillOfAnInt64TensorKeepsLargeValuesExact()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([1], ScalarType.Int64).fill_(1L << 52);
        Assert.Equal(1L << 52, t.itemLong());
    }
}
