using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models;

/// <summary>
/// He et al.'s CIFAR residual block: conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU. Where the
/// block halves the resolution or widens the channels, the shortcut is option A: subsample by two and
/// pad the new channels with zeros, which adds no parameters. Convolutions have no bias and start
/// kaiming-normal, N(0, sqrt(2/fan_in)).
/// </summary>
public sealed class BasicBlock : torch.nn.Module
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;

    public BasicBlock(long inPlanes, long planes, long stride, Generator generator, ScalarType dtype = ScalarType.Float32)
    {
        InPlanes = inPlanes;
        Planes = planes;
        Stride = stride;
        conv1 = RegisterModule("conv1", KaimingConv(inPlanes, planes, stride, generator, dtype));
        bn1 = RegisterModule("bn1", new BatchNorm2d(planes, dtype));
        conv2 = RegisterModule("conv2", KaimingConv(planes, planes, 1, generator, dtype));
        bn2 = RegisterModule("bn2", new BatchNorm2d(planes, dtype));
    }

    public long InPlanes { get; }

    public long Planes { get; }

    public long Stride { get; }

    public bool HasIdentityShortcut => Stride == 1 && InPlanes == Planes;

    public Tensor forward(Tensor x)
    {
        var y = bn1.forward(conv1.forward(x)).relu();
        y = bn2.forward(conv2.forward(y));
        var shortcut = HasIdentityShortcut ? x : ShortcutA(x, Planes);
        return (y + shortcut).relu();
    }

    /// <summary>
    /// Option A: every second row and column of <paramref name="x"/> ([batch, channels, h, w]), with
    /// planes/4 zero channels on each side, so [batch, c, h, w] becomes [batch, c + 2*(planes/4), h/2, w/2]
    /// (the common implementation's <c>F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, planes//4, planes//4))</c>).
    /// </summary>
    public static Tensor ShortcutA(Tensor x, long planes)
    {
        var shape = x.shape;
        var subsampled = x.slice(2, 0, shape[2], 2).slice(3, 0, shape[3], 2);
        var pad = planes / 4;
        var zeros = torch.zeros([shape[0], pad, subsampled.size(2), subsampled.size(3)], x.dtype, x.device);
        return torch.cat([zeros, subsampled, zeros], 1);
    }

    /// <summary>A 3x3, padding 1, bias-free convolution with kaiming_normal weights (mode fan_in, gain sqrt(2)).</summary>
    internal static Conv2d KaimingConv(long inPlanes, long planes, long stride, Generator generator, ScalarType dtype)
    {
        var conv = new Conv2d(inPlanes, planes, 3, generator, dtype, stride: stride, padding: 1, bias: false);
        conv.Weight.Value = Init.KaimingNormal(conv.Weight.Value.shape, conv.FanIn, generator, dtype).requires_grad_();
        return conv;
    }
}
