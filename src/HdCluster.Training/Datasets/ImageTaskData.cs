using HdCluster.Data;
using HdCluster.Torch;

namespace HdCluster.Training.Datasets;

/// <summary>
/// Image classification (MNIST, CIFAR-10). Without augmentation the whole normalised training set is put on
/// the device once and batches are gathered there; with augmentation each batch is cropped and flipped on
/// the host into one reused buffer, then copied over.
/// </summary>
public sealed class ImageTaskData : TaskData
{
    private readonly ImageSet train;
    private readonly ImageSet valid;
    private readonly PixelNormalization normalization;
    private readonly bool augment;
    private readonly long[] sampleShape;
    private readonly ScalarType dtype;
    private readonly Device device;
    private readonly Tensor? trainInputs;
    private readonly Tensor trainTargets;
    private float[] hostBuffer = [];

    public ImageTaskData(ImageSet train, ImageSet valid, PixelNormalization normalization, bool augment, bool flatten, ScalarType dtype, Device device)
    {
        this.train = train;
        this.valid = valid;
        this.normalization = normalization;
        this.augment = augment;
        this.dtype = dtype;
        this.device = device;
        var s = train.Shape;
        sampleShape = flatten ? [s.Size] : [s.Channels, s.Height, s.Width];
        trainTargets = Labels(train, 0, train.Count).DetachFromDisposeScope();
        if (!augment)
        {
            trainInputs = Images(train, 0, train.Count).DetachFromDisposeScope();
        }
    }

    public override int TrainCount => train.Count;

    public override int ValidCount => valid.Count;

    public override (Tensor Inputs, Tensor Targets) TrainBatch(ReadOnlySpan<int> indices, SplitMix64 augmentation)
    {
        var index = torch.tensor(indices.ToArray().Select(i => (long)i).ToArray(), device: device);
        var targets = trainTargets.index_select(0, index);
        if (trainInputs is not null)
        {
            return (trainInputs.index_select(0, index), targets);
        }

        var size = train.Shape.Size;
        var buffer = Buffer(indices.Length * size);
        train.CopyAugmentedImages(indices, buffer, normalization, augmentation);
        return (ToDevice(buffer, indices.Length), targets);
    }

    public override IEnumerable<(Tensor Inputs, Tensor Targets)> ValidationBatches(int batchSize)
    {
        for (var start = 0; start < valid.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, valid.Count - start);
            yield return (Images(valid, start, count), Labels(valid, start, count));
        }
    }

    private Tensor Images(ImageSet set, int start, int count)
    {
        var buffer = Buffer(count * set.Shape.Size);
        set.CopyImages(start, count, buffer, normalization);
        return ToDevice(buffer, count);
    }

    private Tensor ToDevice(Span<float> buffer, int count)
    {
        var shape = new long[sampleShape.Length + 1];
        shape[0] = count;
        sampleShape.CopyTo(shape, 1);
        using var host = torch.tensor((ReadOnlySpan<float>)buffer, shape);
        return host.to(dtype, device);
    }

    private Tensor Labels(ImageSet set, int start, int count)
    {
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = set.Labels[start + i];
        }

        return torch.tensor(labels, device: device);
    }

    private Span<float> Buffer(int length)
    {
        if (hostBuffer.Length < length)
        {
            hostBuffer = new float[length];
        }

        return hostBuffer.AsSpan(0, length);
    }

    public override void Dispose()
    {
        trainInputs?.Dispose();
        trainTargets.Dispose();
        base.Dispose();
    }
}
