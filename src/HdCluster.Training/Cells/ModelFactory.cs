using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Torch;

namespace HdCluster.Training;

/// <summary>Builds a cell's model, initialised from the cell's seed, on the cell's device and dtype.</summary>
public static class ModelFactory
{
    /// <param name="dropoutGenerator">Draws dropout masks (VGG, char-LSTM); the trainer reseeds it every epoch.</param>
    public static Model Create(CellConfig config, Generator generator, int vocabularySize = 0, Generator? dropoutGenerator = null)
    {
        var dtype = config.ResolvedDtype;
        Model model = config.Model switch
        {
            "logreg" => new Mlp(784, config.ResolvedHidden!, 10, Activation.Relu, MlpHead.Logits, generator, dtype),
            "mlp" => new Mlp(784, config.ResolvedHidden!, 10, Activation.Relu, MlpHead.Logits, generator, dtype),
            "mlp_tanh" => new Mlp(784, config.ResolvedHidden!, 10, Activation.Tanh, MlpHead.TanhLogSoftmax, generator, dtype),
            "vgg16_bn" => new Vgg16Bn(generator, dtype, dropoutGenerator),
            "resnet20" => new ResNet20(generator, dtype),
            "char_lstm" => vocabularySize > 0
                ? new CharLstm(vocabularySize, generator, dtype, dropoutGenerator: dropoutGenerator)
                : throw new ArgumentException("model: char_lstm needs a character data set (dataset: tinyshakespeare)"),
            var other => throw new ArgumentException($"model: unknown model '{other}'"),
        };
        if (config.ResolvedDevice.Type != DeviceType.CPU)
        {
            model.to(device: config.ResolvedDevice);
        }

        return model;
    }
}
