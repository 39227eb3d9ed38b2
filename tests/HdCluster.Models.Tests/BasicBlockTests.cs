using HdCluster.Torch;

namespace HdCluster.Models.Tests;

public class BasicBlockTests
{
    [Fact]
    public void OptionAShortcutSubsamplesAndPadsChannelsWithZeros()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(0, 2 * 16 * 4 * 4, dtype: ScalarType.Float32).reshape(2, 16, 4, 4);

        var y = BasicBlock.ShortcutA(x, 32);

        Assert.Equal([2L, 32, 2, 2], y.shape);
        Assert.Equal(0, y.narrow(1, 0, 8).abs().sum().item());
        Assert.Equal(0, y.narrow(1, 24, 8).abs().sum().item());

        // The middle channels are the input at even rows and columns.
        var expected = x.slice(2, 0, 4, 2).slice(3, 0, 4, 2).data<float>();
        Assert.Equal(expected, y.narrow(1, 8, 16).contiguous().data<float>());
    }

    [Fact]
    public void AWideningBlockHalvesTheResolutionAndDoublesTheChannels()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var block = new BasicBlock(16, 32, 2, generator);

        Assert.False(block.HasIdentityShortcut);
        Assert.Equal([2L, 32, 16, 16], block.forward(torch.randn([2, 16, 32, 32], generator)).shape);
    }

    [Fact]
    public void AnEvenBlockKeepsTheShapeWithAnIdentityShortcut()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        using var block = new BasicBlock(16, 16, 1, generator);

        Assert.True(block.HasIdentityShortcut);
        Assert.Equal([2L, 16, 8, 8], block.forward(torch.randn([2, 16, 8, 8], generator)).shape);
    }

    [Fact]
    public void ConvolutionsHaveNoBias()
    {
        using var generator = new Generator(1);
        using var block = new BasicBlock(16, 32, 2, generator);

        Assert.Equal(
            ["conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias"],
            block.parameters().Select(p => p.Name));
    }
}
