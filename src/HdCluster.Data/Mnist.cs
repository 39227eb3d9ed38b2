namespace HdCluster.Data;

/// <summary>
/// MNIST from LeCun's IDX files (gzip-compressed as published, or unpacked). Images come back as
/// one byte per pixel, 1x28x28 each; labels are 0..9.
/// </summary>
public static class Mnist
{
    public const string TrainImagesPath = "mnist/train-images-idx3-ubyte.gz";
    public const string TrainLabelsPath = "mnist/train-labels-idx1-ubyte.gz";
    public const string TestImagesPath = "mnist/t10k-images-idx3-ubyte.gz";
    public const string TestLabelsPath = "mnist/t10k-labels-idx1-ubyte.gz";

    public const int Classes = 10;

    /// <summary>The training-set pixel mean and standard deviation after /255, as in Baydin et al.'s experiments.</summary>
    public static PixelNormalization Normalization { get; } = new([0.1307f], [0.3081f]);

    /// <summary>The 60,000 training images under <paramref name="dataRoot"/>.</summary>
    public static ImageSet LoadTrain(string dataRoot) =>
        LoadFiles(Path.Combine(dataRoot, TrainImagesPath), Path.Combine(dataRoot, TrainLabelsPath));

    /// <summary>The 10,000 test images under <paramref name="dataRoot"/>.</summary>
    public static ImageSet LoadTest(string dataRoot) =>
        LoadFiles(Path.Combine(dataRoot, TestImagesPath), Path.Combine(dataRoot, TestLabelsPath));

    /// <summary>Loads an images file (magic 2051) and its labels file (magic 2049).</summary>
    /// <exception cref="DataFileException">A file is missing, truncated, corrupt, or the counts disagree.</exception>
    public static ImageSet LoadFiles(string imagesPath, string labelsPath)
    {
        var (pixels, count, rows, columns) = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new DataFileException(labelsPath, $"{count} labels (one per image in {imagesPath})", $"{labels.Length} labels");
        }

        LabelCheck.InRange(labels, Classes, labelsPath);
        return new ImageSet(pixels, labels, new ImageShape(1, rows, columns));
    }
}
