namespace HdCluster.Data.Tests;

public sealed class CifarTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Records_load_as_channel_planar_images_with_labels()
    {
        var a = _dir.Write("a.bin", CifarFiles.Batch(0, 3));
        var b = _dir.Write("b.bin", CifarFiles.Batch(3, 2));

        var set = Cifar10.LoadFiles(a, b);

        Assert.Equal(5, set.Count);
        Assert.Equal(new ImageShape(3, 32, 32), set.Shape);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, set.Labels);
        for (var r = 0; r < 5; r++)
        {
            var image = set.Image(r);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(CifarFiles.Pixel(r, c, 0), image[c * 1024]);
                Assert.Equal(CifarFiles.Pixel(r, c, 1023), image[(c * 1024) + 1023]);
            }
        }
    }

    [Fact]
    public void Train_and_test_sets_come_from_the_standard_file_names()
    {
        for (var i = 0; i < 5; i++)
        {
            _dir.Write(Cifar10.TrainPaths[i], CifarFiles.Batch(i * 2, 2));
        }

        _dir.Write(Cifar10.TestPath, CifarFiles.Batch(100, 1));

        var train = Cifar10.LoadTrain(_dir.Path);
        var test = Cifar10.LoadTest(_dir.Path);

        Assert.Equal(10, train.Count);
        Assert.Equal(CifarFiles.Pixel(9, 2, 5), train.Image(9)[2048 + 5]);
        Assert.Equal(1, test.Count);
        Assert.Equal(0, test.Labels[0]);
    }

    [Fact]
    public void File_size_not_a_multiple_of_3073_is_rejected_with_the_size()
    {
        var path = _dir.Write("bad.bin", CifarFiles.Batch(0, 2)[..6000]);

        var e = Assert.Throws<DataFileException>(() => Cifar10.LoadFiles(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains("multiple of 3073", e.Expected);
        Assert.Contains("6000 bytes", e.Found);
        Assert.Contains("1 records and 2927 bytes over", e.Found);
    }

    [Fact]
    public void Label_above_9_is_rejected_with_its_record()
    {
        var bytes = CifarFiles.Batch(0, 3);
        bytes[2 * Cifar10.RecordSize] = 10;
        var path = _dir.Write("bad.bin", bytes);

        var e = Assert.Throws<DataFileException>(() => Cifar10.LoadFiles(path));

        Assert.Contains("label 10 in record 2", e.Found);
    }

    [Fact]
    public void Missing_batch_is_a_data_file_error()
    {
        var e = Assert.Throws<DataFileException>(() => Cifar10.LoadTest(_dir.Path));

        Assert.EndsWith("test_batch.bin", e.FilePath);
    }

    [Fact]
    public void ImageNet_normalisation_uses_each_channels_mean_and_std()
    {
        var set = Cifar10.LoadFiles(_dir.Write("a.bin", CifarFiles.Batch(0, 2)));
        float[] means = [0.485f, 0.456f, 0.406f];
        float[] stds = [0.229f, 0.224f, 0.225f];
        var floats = new float[2 * 3072];

        set.CopyImages(0, 2, floats, PixelNormalization.ImageNet);

        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var p = 0; p < 1024; p += 97)
                {
                    var expected = (CifarFiles.Pixel(r, c, p) / 255f - means[c]) / stds[c];
                    Assert.Equal(expected, floats[(r * 3072) + (c * 1024) + p]);
                }
            }
        }
    }
}
