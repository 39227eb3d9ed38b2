using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

public class EmbeddingTests
{
    [Fact]
    public void OneHotEncodesIndicesAsInt64Rows()
    {
        using var scope = torch.NewDisposeScope();
        var encoded = F.one_hot(torch.tensor(new long[] { 2, 0 }), 3);
        Assert.Equal(ScalarType.Int64, encoded.dtype);
        Assert.Equal([0L, 0, 1, 1, 0, 0], encoded.data<long>());
    }

    [Fact]
    public void EmbeddingLooksUpRowsOfTheWeight()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.tensor(new double[] { 0, 1, 10, 11, 20, 21 }, [3, 2]);
        var rows = F.embedding(torch.tensor(new long[] { 2, 0, 2 }), weight);
        TensorAssert.Close([20, 21, 0, 1, 20, 21], rows, 0, shape: [3, 2]);
    }
}
