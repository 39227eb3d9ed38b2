namespace HdCluster.Data;

/// <summary>
/// The data sets HdCluster knows, with their official addresses. Sizes and SHA-256 sums match
/// shared/data/SHA256SUMS and the published MD5s (see shared/data/SOURCES.md).
/// </summary>
public static class DataCatalog
{
    // LeCun's site is the official address but has refused anonymous downloads since 2023;
    // torchvision's S3 mirror serves byte-identical files.
    private static readonly Uri[] MnistBases =
    [
        new("http://yann.lecun.com/exdb/mnist/"),
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
    ];

    public static DataSetSpec Mnist { get; } = CreateMnist();

    public static DataSetSpec Cifar10 { get; } = CreateCifar10();

    public static DataSetSpec TinyShakespeare { get; } = CreateTinyShakespeare();

    public static IReadOnlyList<DataSetSpec> All { get; } = [Mnist, Cifar10, TinyShakespeare];

    /// <summary>Looks a data set up by name, ignoring case ("mnist", "cifar10", "tinyshakespeare").</summary>
    public static DataSetSpec? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static DataSetSpec CreateMnist()
    {
        DataFileSpec[] files =
        [
            new(Data.Mnist.TrainImagesPath, 9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new(Data.Mnist.TrainLabelsPath, 28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new(Data.Mnist.TestImagesPath, 1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new(Data.Mnist.TestLabelsPath, 4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        ];
        var downloads = files
            .Select(f => new DownloadSpec(
                f.RelativePath,
                f.Size,
                f.Sha256!,
                [.. MnistBases.Select(b => new Uri(b, Path.GetFileName(f.RelativePath)))]))
            .ToArray();
        return new DataSetSpec("mnist", files, downloads);
    }

    private static DataSetSpec CreateCifar10()
    {
        // Each batch is 10,000 records of 3073 bytes. The extracted files have no published
        // checksum; the archive's SHA-256 vouches for them.
        var files = Data.Cifar10.TrainPaths.Append(Data.Cifar10.TestPath)
            .Select(p => new DataFileSpec(p, 10_000L * Data.Cifar10.RecordSize, null))
            .ToArray();
        DownloadSpec archive = new(
            "cifar-10-binary.tar.gz",
            170_052_171,
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
            [new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")],
            IsTarGz: true);
        return new DataSetSpec("cifar10", files, [archive]);
    }

    private static DataSetSpec CreateTinyShakespeare()
    {
        DataFileSpec text = new(Data.TinyShakespeare.RelativePath, 1_115_394, "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");
        DownloadSpec download = new(
            text.RelativePath,
            text.Size,
            text.Sha256!,
            [new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt")]);
        return new DataSetSpec("tinyshakespeare", [text], [download]);
    }
}
