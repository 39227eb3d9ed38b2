namespace HdCluster.Data.Tests;

public sealed class MnistFileErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Small_well_formed_files_load()
    {
        var set = Load(IdxFiles.Images(3, 4, 5), IdxFiles.Labels(3));

        Assert.Equal(3, set.Count);
        Assert.Equal(new ImageShape(1, 4, 5), set.Shape);
        Assert.Equal(new byte[] { 0, 1, 2 }, set.Labels);
        Assert.Equal((byte)(20 * 7), set.Image(1)[0]);
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_both_numbers()
    {
        var images = _dir.Write("images", IdxFiles.Images(3, 4, 5, magic: 2049));
        var labels = _dir.Write("labels", IdxFiles.Labels(3));

        var e = Assert.Throws<DataFileException>(() => Mnist.LoadFiles(images, labels));

        Assert.Equal(images, e.FilePath);
        Assert.Contains(images, e.Message);
        Assert.Contains("2051", e.Expected);
        Assert.Contains("2049", e.Found);
    }

    [Fact]
    public void Labels_file_with_images_magic_is_rejected()
    {
        var e = Assert.Throws<DataFileException>(() => Load(IdxFiles.Images(3, 4, 5), IdxFiles.Images(3, 4, 5)));

        Assert.Contains("2049", e.Expected);
        Assert.Contains("2051", e.Found);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_images_file_says_how_many_bytes_were_expected_and_found(bool gzipped)
    {
        var raw = IdxFiles.Images(3, 4, 5, pixelBytes: 50);
        var images = _dir.Write("images", gzipped ? IdxFiles.Gzip(raw) : raw);
        var labels = _dir.Write("labels", IdxFiles.Labels(3));

        var e = Assert.Throws<DataFileException>(() => Mnist.LoadFiles(images, labels));

        Assert.Equal(images, e.FilePath);
        Assert.Contains("60 bytes", e.Expected);
        Assert.Contains("50", e.Found);
        Assert.Contains("truncated", e.Found);
    }

    [Fact]
    public void A_header_promising_more_than_an_unpacked_file_holds_fails_before_allocating()
    {
        var e = Assert.Throws<DataFileException>(() => Load(IdxFiles.Images(1_000_000, 28, 28, pixelBytes: 100), IdxFiles.Labels(3)));

        Assert.Contains("784000000 bytes", e.Expected);
        Assert.Contains("only 100", e.Found);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        var e = Assert.Throws<DataFileException>(() => Load(IdxFiles.Images(3, 4, 5)[..10], IdxFiles.Labels(3)));

        Assert.Contains("16 bytes", e.Expected);
    }

    [Fact]
    public void Label_count_must_match_image_count()
    {
        var images = _dir.Write("images", IdxFiles.Images(3, 4, 5));
        var labels = _dir.Write("labels", IdxFiles.Labels(2));

        var e = Assert.Throws<DataFileException>(() => Mnist.LoadFiles(images, labels));

        Assert.Equal(labels, e.FilePath);
        Assert.Contains("3 labels", e.Expected);
        Assert.Contains("2 labels", e.Found);
    }

    [Fact]
    public void Bad_gzip_data_is_reported_as_corrupt()
    {
        var garbage = new byte[200];
        new Random(1).NextBytes(garbage);
        garbage[0] = 0x1f;
        garbage[1] = 0x8b;

        var e = Assert.Throws<DataFileException>(() => Load(garbage, IdxFiles.Labels(3)));

        Assert.Contains("gzip", e.Expected);
    }

    [Fact]
    public void Trailing_bytes_after_the_declared_images_are_an_error()
    {
        var e = Assert.Throws<DataFileException>(() => Load(IdxFiles.Images(3, 4, 5, pixelBytes: 61), IdxFiles.Labels(3)));

        Assert.Contains("end after 3 images", e.Expected);
    }

    [Fact]
    public void Labels_above_9_are_rejected()
    {
        var labels = IdxFiles.Labels(3);
        labels[^1] = 12;

        var e = Assert.Throws<DataFileException>(() => Load(IdxFiles.Images(3, 4, 5), labels));

        Assert.Contains("label 12 at index 2", e.Found);
    }

    [Fact]
    public void Missing_file_is_a_data_file_error()
    {
        var e = Assert.Throws<DataFileException>(() => Mnist.LoadTrain(_dir.Path));

        Assert.EndsWith(Mnist.TrainImagesPath, e.FilePath);
        Assert.Equal("no such file", e.Found);
    }

    private ImageSet Load(byte[] images, byte[] labels) =>
        Mnist.LoadFiles(_dir.Write("images", images), _dir.Write("labels", labels));
}
