namespace HdCluster.Data;

/// <summary>
/// CIFAR-10, binary version: each file is a run of 3073-byte records, one label byte (0..9)
/// then 3072 pixel bytes (1024 R, 1024 G, 1024 B, each 32x32 row-major), which is already the
/// channel-planar layout <see cref="ImageSet"/> keeps.
/// </summary>
public static class Cifar10
{
    public const string Folder = "cifar-10-batches-bin";
    public const int Classes = 10;
    public const int RecordSize = 1 + (3 * 32 * 32);

    public static ImageShape Shape { get; } = new(3, 32, 32);

    /// <summary>data_batch_1.bin .. data_batch_5.bin, relative to the data root.</summary>
    public static IReadOnlyList<string> TrainPaths { get; } =
        [.. Enumerable.Range(1, 5).Select(i => $"{Folder}/data_batch_{i}.bin")];

    public static string TestPath { get; } = $"{Folder}/test_batch.bin";

    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The 50,000 training images (the five data batches in order).</summary>
    public static ImageSet LoadTrain(string dataRoot) =>
        LoadFiles([.. TrainPaths.Select(p => Path.Combine(dataRoot, p))]);

    /// <summary>The 10,000 test images.</summary>
    public static ImageSet LoadTest(string dataRoot) => LoadFiles(Path.Combine(dataRoot, TestPath));

    /// <summary>Concatenates the records of the given batch files, in order.</summary>
    /// <exception cref="DataFileException">A file is missing, not a whole number of records, or has a label above 9.</exception>
    public static ImageSet LoadFiles(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        long records = 0;
        foreach (var path in paths)
        {
            records += RecordCount(path);
        }

        if (records * (RecordSize - 1) > Array.MaxLength)
        {
            throw new ArgumentException($"{records} records do not fit in one array.", nameof(paths));
        }

        var size = Shape.Size;
        var pixels = GC.AllocateUninitializedArray<byte>((int)records * size);
        var labels = new byte[records];
        var index = 0;
        foreach (var path in paths)
        {
            var count = RecordCount(path);
            using var stream = DataStreams.OpenFile(path, "a CIFAR-10 batch file");
            for (var r = 0; r < count; r++, index++)
            {
                DataStreams.ReadExactly(stream, labels.AsSpan(index, 1), path, $"record {r}");
                DataStreams.ReadExactly(stream, pixels.AsSpan(index * size, size), path, $"record {r}");
                if (labels[index] >= Classes)
                {
                    throw new DataFileException(path, $"labels 0..{Classes - 1}", $"label {labels[index]} in record {r}");
                }
            }
        }

        return new ImageSet(pixels, labels, Shape);
    }

    private static int RecordCount(string path)
    {
        if (!File.Exists(path))
        {
            throw DataFileException.Missing(path, "a CIFAR-10 batch file");
        }

        var length = new FileInfo(path).Length;
        if (length % RecordSize != 0)
        {
            throw new DataFileException(
                path,
                $"a multiple of {RecordSize} bytes (1 label + 3072 pixels per record)",
                $"{length} bytes ({length / RecordSize} records and {length % RecordSize} bytes over)");
        }

        return checked((int)(length / RecordSize));
    }
}
