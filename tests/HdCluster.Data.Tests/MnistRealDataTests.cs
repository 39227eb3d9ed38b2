namespace HdCluster.Data.Tests;

public sealed class MnistRealDataTests(MnistFixture mnist) : IClassFixture<MnistFixture>
{
    [Fact]
    public void Train_set_has_60000_images_of_28x28_and_starts_with_a_5()
    {
        Assert.Equal(60000, mnist.Train.Count);
        Assert.Equal(new ImageShape(1, 28, 28), mnist.Train.Shape);
        Assert.Equal(60000 * 784, mnist.Train.Pixels.Length);
        Assert.Equal(5, mnist.Train.Labels[0]);
    }

    [Fact]
    public void Test_set_has_10000_images_and_starts_with_a_7()
    {
        Assert.Equal(10000, mnist.Test.Count);
        Assert.Equal(7, mnist.Test.Labels[0]);
    }

    [Fact]
    public void Label_histograms_match_the_published_class_counts()
    {
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], Histogram(mnist.Train.Labels));
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], Histogram(mnist.Test.Labels));
    }

    [Fact]
    public void Pixels_are_aligned_with_the_header()
    {
        // Reference values from Python's gzip module on the same file.
        var first = mnist.Train.Image(0);
        Assert.Equal(27525, Sum(first));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 1, 154, 253, 90 }, first.Slice(28 * 10, 14).ToArray());
    }

    [Fact]
    public void Loading_the_training_set_takes_well_under_a_few_seconds()
    {
        Assert.True(mnist.TrainLoadTime < TimeSpan.FromSeconds(3), $"took {mnist.TrainLoadTime}");
    }

    [Fact]
    public void Unnormalised_floats_are_pixels_over_255()
    {
        var floats = new float[784];
        mnist.Train.CopyImages(0, 1, floats, PixelNormalization.None);
        var pixels = mnist.Train.Image(0);
        for (var i = 0; i < floats.Length; i++)
        {
            Assert.Equal(pixels[i] / 255f, floats[i]);
        }
    }

    [Fact]
    public void Baydin_normalisation_subtracts_0_1307_and_divides_by_0_3081()
    {
        int[] batch = [3, 0, 59999];
        var floats = new float[batch.Length * 784];
        mnist.Train.CopyImages(batch, floats, Mnist.Normalization);
        for (var b = 0; b < batch.Length; b++)
        {
            var pixels = mnist.Train.Image(batch[b]);
            for (var i = 0; i < 784; i++)
            {
                Assert.Equal((pixels[i] / 255f - 0.1307f) / 0.3081f, floats[(b * 784) + i]);
            }
        }
    }

    [Fact]
    public void Batch_labels_follow_the_indices()
    {
        int[] batch = [1, 0, 2];
        var labels = new long[3];
        mnist.Train.CopyLabels<long>(batch, labels);
        Assert.Equal([mnist.Train.Labels[1], mnist.Train.Labels[0], mnist.Train.Labels[2]], labels);
    }

    [Fact]
    public void Unpacked_idx_files_load_the_same_as_gzipped_ones()
    {
        using var dir = new TempDirectory();
        var images = dir.Write("images", IdxFiles.Gunzip(Path.Combine(SharedData.Root, Mnist.TestImagesPath)));
        var labels = dir.Write("labels", IdxFiles.Gunzip(Path.Combine(SharedData.Root, Mnist.TestLabelsPath)));

        var raw = Mnist.LoadFiles(images, labels);

        Assert.Equal(mnist.Test.Pixels, raw.Pixels);
        Assert.Equal(mnist.Test.Labels, raw.Labels);
    }

    private static int[] Histogram(byte[] labels)
    {
        var counts = new int[10];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    private static int Sum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes)
        {
            sum += b;
        }

        return sum;
    }
}
