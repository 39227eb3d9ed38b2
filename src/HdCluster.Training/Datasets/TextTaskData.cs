using HdCluster.Data;
using HdCluster.Torch;

namespace HdCluster.Training.Datasets;

/// <summary>
/// Character-level language modelling on Tiny Shakespeare: the text is cut into non-overlapping windows of
/// <c>length</c> characters (targets shifted by one); a training "example" is one window.
/// </summary>
public sealed class TextTaskData : TaskData
{
    private readonly Tensor trainInputs;
    private readonly Tensor trainTargets;
    private readonly Tensor validInputs;
    private readonly Tensor validTargets;

    public TextTaskData(TinyShakespeare text, int length, int? trainLimit, int? validLimit, Device device)
    {
        VocabularySize = text.Vocabulary.Count;
        (trainInputs, trainTargets) = Windows(text.Train.Span, length, trainLimit, device);
        (validInputs, validTargets) = Windows(text.Validation.Span, length, validLimit, device);
    }

    public int VocabularySize { get; }

    public override int TrainCount => (int)trainInputs.size(0);

    public override int ValidCount => (int)validInputs.size(0);

    public override (Tensor Inputs, Tensor Targets) TrainBatch(ReadOnlySpan<int> indices, SplitMix64 augmentation)
    {
        var index = torch.tensor(indices.ToArray().Select(i => (long)i).ToArray(), device: trainInputs.device);
        return (trainInputs.index_select(0, index), trainTargets.index_select(0, index));
    }

    public override IEnumerable<(Tensor Inputs, Tensor Targets)> ValidationBatches(int batchSize)
    {
        for (long start = 0; start < ValidCount; start += batchSize)
        {
            var count = Math.Min(batchSize, ValidCount - start);
            yield return (validInputs.narrow(0, start, count), validTargets.narrow(0, start, count));
        }
    }

    private static (Tensor, Tensor) Windows(ReadOnlySpan<int> tokens, int length, int? limit, Device device)
    {
        var count = SequenceWindows.Count(tokens.Length, length);
        if (limit is { } n)
        {
            count = Math.Min(count, n);
        }

        var inputs = new long[count * length];
        var targets = new long[count * length];
        for (var w = 0; w < count; w++)
        {
            SequenceWindows.Copy<long>(tokens, w * length, inputs.AsSpan(w * length, length), targets.AsSpan(w * length, length));
        }

        return (torch.tensor(inputs, [count, length], device).DetachFromDisposeScope(), torch.tensor(targets, [count, length], device).DetachFromDisposeScope());
    }

    public override void Dispose()
    {
        trainInputs.Dispose();
        trainTargets.Dispose();
        validInputs.Dispose();
        validTargets.Dispose();
        base.Dispose();
    }
}
