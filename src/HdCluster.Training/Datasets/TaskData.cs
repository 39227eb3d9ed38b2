using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Training.Datasets;

/// <summary>A cell's data on its device: shuffled training batches and the validation set.</summary>
public abstract class TaskData : IDisposable
{
    public abstract int TrainCount { get; }

    public abstract int ValidCount { get; }

    /// <summary>The batch of the given training example indices (a slice of an epoch's permutation).
    /// <paramref name="augmentation"/> drives random crops and flips where the data set has them.</summary>
    public abstract (Tensor Inputs, Tensor Targets) TrainBatch(ReadOnlySpan<int> indices, SplitMix64 augmentation);

    /// <summary>The validation set in consecutive batches.</summary>
    public abstract IEnumerable<(Tensor Inputs, Tensor Targets)> ValidationBatches(int batchSize);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    public static TaskData Load(CellConfig config, string dataRoot) => config.ResolvedDataset switch
    {
        "mnist" => new ImageTaskData(
            Limit(Shared(dataRoot, [Mnist.TrainImagesPath, Mnist.TrainLabelsPath], Mnist.LoadTrain), config.TrainLimit),
            Limit(Shared(dataRoot, [Mnist.TestImagesPath, Mnist.TestLabelsPath], Mnist.LoadTest), config.ValidLimit),
            config.ResolvedNormalize ? Mnist.Normalization : PixelNormalization.None,
            augment: false,
            flatten: true,
            config.ResolvedDtype,
            config.ResolvedDevice),
        "cifar10" => new ImageTaskData(
            Limit(Shared(dataRoot, Cifar10.TrainPaths, Cifar10.LoadTrain), config.TrainLimit),
            Limit(Shared(dataRoot, [Cifar10.TestPath], Cifar10.LoadTest), config.ValidLimit),
            PixelNormalization.ImageNet,
            augment: true,
            flatten: false,
            config.ResolvedDtype,
            config.ResolvedDevice),
        "tinyshakespeare" => new TextTaskData(Shared(dataRoot, [TinyShakespeare.RelativePath], TinyShakespeare.Load), SequenceLength, config.TrainLimit, config.ValidLimit, config.ResolvedDevice),
        var other => throw new ArgumentException($"dataset: unknown data set '{other}' (expected mnist, cifar10 or tinyshakespeare)"),
    };

    /// <summary>Characters per training sequence of the char-RNN.</summary>
    public const int SequenceLength = 100;

    // Decoded once per process (see DecodedDataCache): the files are the same for every cell of a sweep.
    private static T Shared<T>(string dataRoot, IReadOnlyList<string> files, Func<string, T> load)
        where T : class =>
        DecodedDataCache.GetOrDecode([.. files.Select(f => Path.Combine(dataRoot, f))], () => load(dataRoot));

    private static ImageSet Limit(ImageSet set, int? limit)
    {
        if (limit is not { } n || n >= set.Count)
        {
            return set;
        }

        return new ImageSet(set.Pixels.AsSpan(0, n * set.Shape.Size).ToArray(), set.Labels.AsSpan(0, n).ToArray(), set.Shape);
    }
}
