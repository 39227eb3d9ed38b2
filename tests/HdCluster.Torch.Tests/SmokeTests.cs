using HdCluster.Torch;

namespace HdCluster.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void MatmulAndBackwardWork()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3, 4 }, [2, 2], requires_grad: true);
        var y = x.matmul(x).sum();
        y.backward();
        Assert.Equal(54.0, y.item());
        Assert.Equal(new double[] { 7, 11, 9, 13 }, x.grad!.data<double>());
    }

    [Fact]
    public void ShapeMismatchIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros(2, 3);
        var b = torch.zeros(4, 5);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("shapes cannot be multiplied", e.Message);
    }
}
