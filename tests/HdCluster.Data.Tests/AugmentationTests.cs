namespace HdCluster.Data.Tests;

public sealed class AugmentationTests
{
    private static readonly ImageShape Shape = new(3, 32, 32);

    private static byte[] Image()
    {
        var image = new byte[Shape.Size];
        for (var i = 0; i < image.Length; i++)
        {
            // Never 0, so padding is distinguishable from content.
            image[i] = (byte)(1 + (i % 250));
        }

        return image;
    }

    private static byte At(ReadOnlySpan<byte> image, int c, int y, int x) => image[(c * 1024) + (y * 32) + x];

    [Fact]
    public void Crop_at_the_padding_offset_is_the_identity()
    {
        var image = Image();
        var output = new byte[Shape.Size];

        ImageAugmentation.Crop(image, output, Shape, padding: 4, top: 4, left: 4);

        Assert.Equal(image, output);
    }

    [Fact]
    public void Crop_at_the_top_left_corner_shifts_content_down_and_right_behind_zeros()
    {
        var image = Image();
        var output = new byte[Shape.Size];

        ImageAugmentation.Crop(image, output, Shape, padding: 4, top: 0, left: 0);

        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 32; y++)
            {
                for (var x = 0; x < 32; x++)
                {
                    var expected = y < 4 || x < 4 ? (byte)0 : At(image, c, y - 4, x - 4);
                    Assert.Equal(expected, At(output, c, y, x));
                }
            }
        }
    }

    [Fact]
    public void Crop_at_the_bottom_right_corner_shifts_content_up_and_left()
    {
        var image = Image();
        var output = new byte[Shape.Size];

        ImageAugmentation.Crop(image, output, Shape, padding: 4, top: 8, left: 6);

        Assert.Equal(At(image, 1, 4, 2), At(output, 1, 0, 0));
        Assert.Equal(At(image, 2, 31, 31), At(output, 2, 27, 29));
        Assert.Equal(0, At(output, 0, 28, 0));
        Assert.Equal(0, At(output, 0, 0, 30));
    }

    [Fact]
    public void Flip_mirrors_every_row_of_every_channel()
    {
        var image = Image();
        var flipped = (byte[])image.Clone();

        ImageAugmentation.FlipHorizontal(flipped, Shape);

        Assert.Equal(At(image, 2, 7, 0), At(flipped, 2, 7, 31));
        Assert.Equal(At(image, 0, 31, 5), At(flipped, 0, 31, 26));
    }

    [Fact]
    public void Random_crops_reach_every_offset_from_zero_to_twice_the_padding()
    {
        var image = Image();
        var candidates = new Dictionary<(int Top, int Left), byte[]>();
        for (var top = 0; top <= 8; top++)
        {
            for (var left = 0; left <= 8; left++)
            {
                var crop = new byte[Shape.Size];
                ImageAugmentation.Crop(image, crop, Shape, 4, top, left);
                candidates[(top, left)] = crop;
            }
        }

        var rng = new SplitMix64(3);
        var output = new byte[Shape.Size];
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < 1000; i++)
        {
            ImageAugmentation.RandomCrop(image, output, Shape, 4, rng);
            seen.Add(Assert.Single(candidates, c => c.Value.AsSpan().SequenceEqual(output)).Key);
        }

        Assert.Equal(81, seen.Count);
    }

    [Fact]
    public void Augmented_batch_is_crop_then_flip_drawn_in_order_top_left_flip()
    {
        var set = new ImageSet([.. Image(), .. Image().Reverse()], [1, 2], Shape);
        int[] batch = [1, 0, 1, 1];
        var actual = new float[batch.Length * Shape.Size];

        set.CopyAugmentedImages(batch, actual, PixelNormalization.ImageNet, new SplitMix64(99));

        var rng = new SplitMix64(99);
        var expected = new float[Shape.Size];
        var cropped = new byte[Shape.Size];
        for (var b = 0; b < batch.Length; b++)
        {
            var top = rng.NextInt(9);
            var left = rng.NextInt(9);
            ImageAugmentation.Crop(set.Image(batch[b]), cropped, Shape, 4, top, left);
            if (rng.NextInt(2) == 1)
            {
                ImageAugmentation.FlipHorizontal(cropped, Shape);
            }

            PixelNormalization.ImageNet.Apply(cropped, expected, Shape);
            Assert.Equal(expected, actual.AsSpan(b * Shape.Size, Shape.Size).ToArray());
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_augmentation_and_another_seed_does_not()
    {
        var set = new ImageSet([.. Image(), .. Image()], [0, 0], Shape);
        int[] batch = [0, 1, 0, 1, 0, 1, 0, 1];
        float[] Run(ulong seed)
        {
            var output = new float[batch.Length * Shape.Size];
            set.CopyAugmentedImages(batch, output, PixelNormalization.None, new SplitMix64(seed));
            return output;
        }

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }
}
