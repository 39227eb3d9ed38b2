using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models;

public enum Activation
{
    Relu,
    Tanh,
    Sigmoid,
}

/// <summary>How the MLP's output is read.</summary>
public enum MlpHead
{
    /// <summary>Logits, trained with cross-entropy (Baydin et al.).</summary>
    Logits,

    /// <summary><c>log_softmax(tanh(logits))</c>, trained with NLL (the network of the gdtuo examples).</summary>
    TanhLogSoftmax,
}

/// <summary>
/// A multilayer perceptron over flattened inputs, layers named <c>layers.0</c>, <c>layers.1</c>, ...
/// With no hidden layer it is logistic regression. Baydin et al.: 784-1000-1000-10 ReLU, logits;
/// Chandra et al.: 784-128-10 tanh with the tanh/log-softmax head.
/// </summary>
public sealed class Mlp : Model
{
    private readonly Linear[] layers;

    public Mlp(long inputs, IReadOnlyList<long> hidden, long outputs, Activation activation, MlpHead head, Generator generator, ScalarType dtype = ScalarType.Float32)
    {
        Activation = activation;
        Head = head;
        var widths = new List<long> { inputs };
        widths.AddRange(hidden);
        widths.Add(outputs);
        layers = new Linear[widths.Count - 1];
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i] = RegisterModule($"layers.{i}", new Linear(widths[i], widths[i + 1], generator, dtype));
        }

        Inputs = inputs;
    }

    public long Inputs { get; }

    public Activation Activation { get; }

    public MlpHead Head { get; }

    public IReadOnlyList<Linear> Layers => layers;

    public override Tensor forward(Tensor input)
    {
        var x = input.reshape(-1, Inputs);
        for (var i = 0; i < layers.Length; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Length - 1)
            {
                x = Activation switch
                {
                    Activation.Relu => x.relu(),
                    Activation.Tanh => x.tanh(),
                    _ => x.sigmoid(),
                };
            }
        }

        return Head == MlpHead.TanhLogSoftmax ? F.log_softmax(x.tanh(), 1) : x;
    }

    public override Tensor loss(Tensor output, Tensor target) =>
        Head == MlpHead.TanhLogSoftmax ? F.nll_loss(output, target) : F.cross_entropy(output, target);
}
