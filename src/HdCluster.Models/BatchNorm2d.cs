using HdCluster.Torch;

namespace HdCluster.Models;

/// <summary>
/// <c>nn.BatchNorm2d</c>: per channel, weight 1 and bias 0 (trainable), running mean 0 and running
/// variance 1 (buffers). Training normalises with the batch's statistics and moves the running ones
/// toward them by <see cref="Momentum"/>; evaluation normalises with the running ones and changes nothing.
/// </summary>
public sealed class BatchNorm2d : torch.nn.Module
{
    public BatchNorm2d(long numFeatures, ScalarType dtype = ScalarType.Float32, double momentum = 0.1, double eps = 1e-5)
    {
        NumFeatures = numFeatures;
        Momentum = momentum;
        Eps = eps;
        Weight = RegisterParameter("weight", torch.ones([numFeatures], dtype));
        Bias = RegisterParameter("bias", torch.zeros([numFeatures], dtype));
        RunningMean = RegisterBuffer("running_mean", torch.zeros([numFeatures], dtype));
        RunningVar = RegisterBuffer("running_var", torch.ones([numFeatures], dtype));

        // Unused with a fixed momentum, but kept so state dictionaries match PyTorch's.
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", torch.zeros([], ScalarType.Int64));
    }

    public long NumFeatures { get; }

    public double Momentum { get; }

    public double Eps { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public Parameter RunningMean { get; }

    public Parameter RunningVar { get; }

    public Parameter NumBatchesTracked { get; }

    public Tensor forward(Tensor x)
    {
        // batch_norm updates the running buffers in place when training.
        var y = torch.nn.functional.batch_norm(x, RunningMean.Value, RunningVar.Value, Weight.Value, Bias.Value, training, Momentum, Eps);
        if (training)
        {
            // A tensor, not the scalar 1: the bridge passes scalars as doubles, and an int64 tensor
            // cannot take a floating result in place.
            var counter = NumBatchesTracked.Value;
            using var one = torch.ones([], counter.dtype, counter.device);
            counter.add_(one);
        }

        return y;
    }
}
