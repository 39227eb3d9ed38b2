using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary>
/// The weights of <c>nn.LSTM</c> (unidirectional, with biases), per layer <c>weight_ih_l{k}</c>
/// [4*hidden, inputs], <c>weight_hh_l{k}</c> [4*hidden, hidden], <c>bias_ih_l{k}</c> and <c>bias_hh_l{k}</c>
/// [4*hidden], all U(-1/sqrt(hidden), 1/sqrt(hidden)) in that order, and a one-layer step over a batch-first
/// sequence. The caller runs the layers, so it decides what happens between them.
/// </summary>
public sealed class Lstm : torch.nn.Module
{
    private readonly Parameter[][] weights;

    public Lstm(long inputs, long hidden, int layers, Generator generator, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        Inputs = inputs;
        Hidden = hidden;
        Layers = layers;
        var bound = 1.0 / Math.Sqrt(hidden);
        weights = new Parameter[layers][];
        for (var k = 0; k < layers; k++)
        {
            var layerInputs = k == 0 ? inputs : hidden;
            weights[k] =
            [
                RegisterParameter($"weight_ih_l{k}", Init.Uniform([4 * hidden, layerInputs], bound, generator, dtype)),
                RegisterParameter($"weight_hh_l{k}", Init.Uniform([4 * hidden, hidden], bound, generator, dtype)),
                RegisterParameter($"bias_ih_l{k}", Init.Uniform([4 * hidden], bound, generator, dtype)),
                RegisterParameter($"bias_hh_l{k}", Init.Uniform([4 * hidden], bound, generator, dtype)),
            ];
        }
    }

    public long Inputs { get; }

    public long Hidden { get; }

    public int Layers { get; }

    /// <summary>Layer <paramref name="layer"/> over <paramref name="x"/> ([batch, seq, features]) from a zero
    /// state; returns its hidden states [batch, seq, hidden].</summary>
    public Tensor Layer(int layer, Tensor x)
    {
        var batch = x.size(0);
        var value = weights[layer][0].Value;
        using var h0 = torch.zeros([1, batch, Hidden], value.dtype, value.device);
        using var c0 = torch.zeros([1, batch, Hidden], value.dtype, value.device);
        var (output, h, c) = torch.nn.functional.lstm(x, h0, c0, weights[layer].Select(p => p.Value).ToArray(), 1, batch_first: true);
        h.Dispose();
        c.Dispose();
        return output;
    }
}
