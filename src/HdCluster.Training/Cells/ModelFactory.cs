using HdCluster.Models;
using HdCluster.Torch;

namespace HdCluster.Training;

/// <summary>Builds a cell's model, initialised from the cell's seed, on the cell's device and dtype.</summary>
public static class ModelFactory
{
    public static Model Create(CellConfig config, Generator generator, int vocabularySize = 0)
    {
        var dtype = config.ResolvedDtype;
        Model model = config.Model switch
        {
            "logreg" => new Mlp(784, config.Hidden ?? [], 10, Activation.Relu, MlpHead.Logits, generator, dtype),
            "mlp" => new Mlp(784, config.Hidden ?? [1000, 1000], 10, Activation.Relu, MlpHead.Logits, generator, dtype),
            "mlp_tanh" => new Mlp(784, config.Hidden ?? [128], 10, Activation.Tanh, MlpHead.TanhLogSoftmax, generator, dtype),
            var other => throw new ArgumentException($"model: '{other}' is not available in this build (available: logreg, mlp, mlp_tanh)"),
        };
        if (config.ResolvedDevice.Type != DeviceType.CPU)
        {
            model.to(device: config.ResolvedDevice);
        }

        return model;
    }
}
