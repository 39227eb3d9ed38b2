using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models;

/// <summary>
/// ResNet-20 for CIFAR-10 (He et al. 2016, section 4.2), in the form of the common PyTorch
/// implementation Chandra et al. train: conv3x3(3,16)-BN-ReLU, three stages of three
/// <see cref="BasicBlock"/>s at 16, 32 and 64 channels (the second and third start with stride 2 and an
/// option-A shortcut), global average pooling and Linear(64, 10). Convolution and linear weights are
/// kaiming-normal; the linear bias keeps PyTorch's default. 269,722 parameters. Names as PyTorch's:
/// <c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c> ... <c>layer3.2.bn2</c>, <c>linear</c>.
/// </summary>
public sealed class ResNet20 : Model
{
    public const int BlocksPerStage = 3;

    public static readonly IReadOnlyList<long> StageWidths = [16, 32, 64];

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly BasicBlock[] blocks;
    private readonly Linear linear;

    public ResNet20(Generator generator, ScalarType dtype = ScalarType.Float32, long classes = 10)
    {
        conv1 = RegisterModule("conv1", BasicBlock.KaimingConv(3, StageWidths[0], 1, generator, dtype));
        bn1 = RegisterModule("bn1", new BatchNorm2d(StageWidths[0], dtype));
        var inPlanes = StageWidths[0];
        var list = new List<BasicBlock>();
        for (var stage = 0; stage < StageWidths.Count; stage++)
        {
            for (var b = 0; b < BlocksPerStage; b++)
            {
                var stride = stage > 0 && b == 0 ? 2 : 1;
                list.Add(RegisterModule($"layer{stage + 1}.{b}", new BasicBlock(inPlanes, StageWidths[stage], stride, generator, dtype)));
                inPlanes = StageWidths[stage];
            }
        }

        blocks = [.. list];
        linear = RegisterModule("linear", new Linear(inPlanes, classes, generator, dtype));
        linear.Weight.Value = Init.KaimingNormal(linear.Weight.Value.shape, inPlanes, generator, dtype).requires_grad_();
    }

    public IReadOnlyList<BasicBlock> Blocks => blocks;

    /// <summary>Input [batch, 3, h, w] (32x32 for CIFAR-10); output logits [batch, classes].</summary>
    public override Tensor forward(Tensor input)
    {
        var x = bn1.forward(conv1.forward(input)).relu();
        foreach (var block in blocks)
        {
            x = block.forward(x);
        }

        x = F.avg_pool2d(x, x.size(3));
        x = x.reshape(x.size(0), -1);
        return linear.forward(x);
    }

    public override Tensor loss(Tensor output, Tensor target) => F.cross_entropy(output, target);
}
