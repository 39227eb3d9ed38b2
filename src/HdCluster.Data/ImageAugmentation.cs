namespace HdCluster.Data;

/// <summary>
/// The standard CIFAR training augmentation on byte images, before normalisation (as
/// torchvision's RandomCrop(32, padding=4) and RandomHorizontalFlip() act on the PIL image):
/// zero padding therefore becomes black, i.e. (0 - mean) / std once normalised.
/// Randomness comes only from the <see cref="SplitMix64"/> passed in, so a seed fixes the result.
/// </summary>
public static class ImageAugmentation
{
    /// <summary>
    /// Pads by <paramref name="padding"/> zeros on every side and crops back to the original
    /// size at a uniformly random offset: draws top, then left, each in [0, 2 * padding].
    /// </summary>
    public static void RandomCrop(ReadOnlySpan<byte> image, Span<byte> destination, ImageShape shape, int padding, SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        var top = rng.NextInt((2 * padding) + 1);
        var left = rng.NextInt((2 * padding) + 1);
        Crop(image, destination, shape, padding, top, left);
    }

    /// <summary>Mirrors the image left-right with probability 1/2 (one draw).</summary>
    public static void RandomHorizontalFlip(Span<byte> image, ImageShape shape, SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (rng.NextInt(2) == 1)
        {
            FlipHorizontal(image, shape);
        }
    }

    /// <summary>
    /// The crop at a given offset into the zero-padded image; offset (padding, padding) is the
    /// identity.
    /// </summary>
    public static void Crop(ReadOnlySpan<byte> image, Span<byte> destination, ImageShape shape, int padding, int top, int left)
    {
        CheckSizes(image.Length, destination.Length, shape);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, 2 * padding);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(left, 2 * padding);

        var (height, width) = (shape.Height, shape.Width);
        var dy = top - padding;
        var dx = left - padding;

        // Columns of each output row that land inside the source; the rest are padding.
        var firstX = Math.Max(0, -dx);
        var endX = Math.Min(width, width - dx);
        for (var c = 0; c < shape.Channels; c++)
        {
            var source = image.Slice(c * shape.PlaneSize, shape.PlaneSize);
            var target = destination.Slice(c * shape.PlaneSize, shape.PlaneSize);
            for (var y = 0; y < height; y++)
            {
                var row = target.Slice(y * width, width);
                var sy = y + dy;
                if (sy < 0 || sy >= height || firstX >= endX)
                {
                    row.Clear();
                    continue;
                }

                row[..firstX].Clear();
                source.Slice((sy * width) + firstX + dx, endX - firstX).CopyTo(row[firstX..endX]);
                row[endX..].Clear();
            }
        }
    }

    public static void FlipHorizontal(Span<byte> image, ImageShape shape)
    {
        CheckSizes(image.Length, image.Length, shape);
        for (var offset = 0; offset < shape.Size; offset += shape.Width)
        {
            image.Slice(offset, shape.Width).Reverse();
        }
    }

    private static void CheckSizes(int imageLength, int destinationLength, ImageShape shape)
    {
        if (imageLength != shape.Size || destinationLength != shape.Size)
        {
            throw new ArgumentException($"Expected one image of {shape.Size} bytes; got {imageLength} in and {destinationLength} out.");
        }
    }
}
