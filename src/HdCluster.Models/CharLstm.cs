using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Models;

/// <summary>
/// Chandra et al.'s character-level language model: one-hot characters into a stacked LSTM (2 layers of
/// 256 by default) with dropout between layers in training, and a linear head back to the vocabulary.
/// The layers run one at a time here, rather than in libtorch's fused multi-layer call, so that the
/// dropout masks between them come from our generator and training is reproducible.
/// Every LSTM weight and bias starts U(-1/sqrt(hidden), 1/sqrt(hidden)) as in <c>nn.LSTM</c>; the head
/// keeps <c>nn.Linear</c>'s default. Names as PyTorch's: <c>lstm.weight_ih_l0</c>, <c>lstm.weight_hh_l0</c>,
/// <c>lstm.bias_ih_l0</c>, <c>lstm.bias_hh_l0</c>, ..., <c>fc.weight</c>, <c>fc.bias</c>.
/// </summary>
public sealed class CharLstm : Model
{
    private readonly Lstm lstm;
    private readonly Linear fc;
    private readonly Generator dropoutGenerator;

    /// <param name="generator">Draws the initial weights.</param>
    /// <param name="dropoutGenerator">Draws the dropout masks in training (default: <paramref name="generator"/>);
    /// it must outlive the model.</param>
    public CharLstm(
        long vocabulary,
        Generator generator,
        ScalarType dtype = ScalarType.Float32,
        long hidden = 256,
        int layers = 2,
        double dropout = 0.5,
        Generator? dropoutGenerator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dropout, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dropout, 1);
        Vocabulary = vocabulary;
        DropoutProbability = dropout;
        lstm = RegisterModule("lstm", new Lstm(vocabulary, hidden, layers, generator, dtype));
        fc = RegisterModule("fc", new Linear(hidden, vocabulary, generator, dtype));
        this.dropoutGenerator = dropoutGenerator ?? generator;
    }

    public long Vocabulary { get; }

    public long Hidden => lstm.Hidden;

    public int Layers => lstm.Layers;

    /// <summary>The probability of dropping an element of a layer's output before the next layer.</summary>
    public double DropoutProbability { get; }

    /// <summary>Input [batch, seq] int64 character indices; output logits [batch*seq, vocabulary], batch-major
    /// (row b*seq + t is position t of sequence b). Each batch starts from a zero state.</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2)
        {
            throw new ArgumentException($"expected [batch, seq] character indices, got {input.Describe()}", nameof(input));
        }

        var dtype = fc.Weight.Value.dtype;
        var x = F.one_hot(input, Vocabulary).to(dtype);
        for (var layer = 0; layer < lstm.Layers; layer++)
        {
            if (layer > 0)
            {
                x = F.dropout(x, DropoutProbability, training, dropoutGenerator);
            }

            x = lstm.Layer(layer, x);
        }

        return fc.forward(x.reshape(-1, lstm.Hidden));
    }

    /// <summary>Cross-entropy averaged over every position of every sequence; <paramref name="target"/> is [batch, seq].</summary>
    public override Tensor loss(Tensor output, Tensor target) => F.cross_entropy(output, target.reshape(-1));
}
