using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models;

/// <summary>
/// VGG-16 with batch norm for 32x32 CIFAR-10 images, as in Baydin et al.'s <c>vgg.py</c>: thirteen 3x3
/// convolutions (padding 1), each followed by batch norm and ReLU, with 2x2 max pooling after each block,
/// then Dropout-Linear(512,512)-ReLU-Dropout-Linear(512,512)-ReLU-Linear(512,10).
/// Convolution weights are N(0, sqrt(2/(9*out_channels))) with zero bias; the linear layers keep
/// PyTorch's default. Names follow PyTorch's <c>nn.Sequential</c> indices: <c>features.0</c> is the first
/// convolution, <c>features.1</c> its batch norm (the ReLU is <c>features.2</c>, pooling takes one index
/// too), and <c>classifier.1</c>, <c>classifier.4</c>, <c>classifier.6</c> are the linear layers.
/// </summary>
public sealed class Vgg16Bn : Model
{
    /// <summary>Output channels of each convolution; 0 marks a max pool.</summary>
    public static readonly IReadOnlyList<int> Configuration =
        [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];

    private const double DropoutProbability = 0.5;

    // One entry per configuration entry: a convolution with its batch norm, or null for a max pool.
    private readonly (Conv2d Conv, BatchNorm2d Norm)?[] features;
    private readonly Dropout dropout0;
    private readonly Linear fc1;
    private readonly Dropout dropout3;
    private readonly Linear fc4;
    private readonly Linear fc6;

    /// <param name="generator">Draws the initial weights.</param>
    /// <param name="dropoutGenerator">Draws the dropout masks in training (default: <paramref name="generator"/>);
    /// it must outlive the model.</param>
    public Vgg16Bn(Generator generator, ScalarType dtype = ScalarType.Float32, Generator? dropoutGenerator = null, long classes = 10)
    {
        features = new (Conv2d, BatchNorm2d)?[Configuration.Count];
        long inChannels = 3;
        var index = 0;
        for (var i = 0; i < Configuration.Count; i++)
        {
            var outChannels = Configuration[i];
            if (outChannels == 0)
            {
                index++;
                continue;
            }

            var conv = RegisterModule($"features.{index}", new Conv2d(inChannels, outChannels, 3, generator, dtype, padding: 1));
            conv.Weight.Value = Init.Normal(conv.Weight.Value.shape, Math.Sqrt(2.0 / (9 * outChannels)), generator, dtype).requires_grad_();
            conv.Bias!.Value = torch.zeros([outChannels], dtype).requires_grad_();
            var norm = RegisterModule($"features.{index + 1}", new BatchNorm2d(outChannels, dtype));
            features[i] = (conv, norm);
            index += 3;
            inChannels = outChannels;
        }

        var masks = dropoutGenerator ?? generator;
        dropout0 = RegisterModule("classifier.0", new Dropout(DropoutProbability, masks));
        fc1 = RegisterModule("classifier.1", new Linear(512, 512, generator, dtype));
        dropout3 = RegisterModule("classifier.3", new Dropout(DropoutProbability, masks));
        fc4 = RegisterModule("classifier.4", new Linear(512, 512, generator, dtype));
        fc6 = RegisterModule("classifier.6", new Linear(512, classes, generator, dtype));
    }

    /// <summary>Input [batch, 3, 32, 32]; output logits [batch, classes].</summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in features)
        {
            x = layer is var (conv, norm) ? norm.forward(conv.forward(x)).relu() : F.max_pool2d(x, 2, 2);
        }

        x = x.reshape(x.size(0), -1);
        x = fc1.forward(dropout0.forward(x)).relu();
        x = fc4.forward(dropout3.forward(x)).relu();
        return fc6.forward(x);
    }

    public override Tensor loss(Tensor output, Tensor target) => F.cross_entropy(output, target);
}
