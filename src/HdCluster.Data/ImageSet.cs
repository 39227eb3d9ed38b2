using System.Buffers;
using System.Numerics;

namespace HdCluster.Data;

/// <summary>
/// A labelled image data set held as two managed arrays: <see cref="Pixels"/> (Count images of
/// <see cref="Shape"/>, channel-planar, one byte per value) and <see cref="Labels"/>. The copy
/// methods fill caller-owned buffers so that a training loop allocates nothing per batch.
/// </summary>
public sealed class ImageSet
{
    public ImageSet(byte[] pixels, byte[] labels, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (shape.Channels <= 0 || shape.Height <= 0 || shape.Width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "Every dimension must be positive.");
        }

        if ((long)labels.Length * shape.Size != pixels.Length)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * shape.Size} pixel bytes; got {pixels.Length}.", nameof(pixels));
        }

        Pixels = pixels;
        Labels = labels;
        Shape = shape;
    }

    public byte[] Pixels { get; }

    public byte[] Labels { get; }

    public ImageShape Shape { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(checked(index * Shape.Size), Shape.Size);

    /// <summary>Converts images start..start+count-1 into <paramref name="destination"/> (count * Shape.Size floats).</summary>
    public void CopyImages(int start, int count, Span<float> destination, PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + (long)count, Count, nameof(count));
        normalization.Apply(Pixels.AsSpan(start * Shape.Size, count * Shape.Size), destination, Shape);
    }

    /// <summary>Converts the images at <paramref name="indices"/>, in that order (a batch of a shuffled epoch).</summary>
    public void CopyImages(ReadOnlySpan<int> indices, Span<float> destination, PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        var size = Shape.Size;
        CheckDestination(indices.Length, destination.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            normalization.Apply(Image(indices[i]), destination.Slice(i * size, size), Shape);
        }
    }

    /// <summary>
    /// As <see cref="CopyImages(ReadOnlySpan{int}, Span{float}, PixelNormalization)"/>, after a
    /// random crop with zero <paramref name="padding"/> and a random horizontal flip of each
    /// image; per image the generator is drawn for top, left, then flip.
    /// </summary>
    public void CopyAugmentedImages(ReadOnlySpan<int> indices, Span<float> destination, PixelNormalization normalization, SplitMix64 rng, int padding = 4)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(rng);
        var size = Shape.Size;
        CheckDestination(indices.Length, destination.Length);
        var scratch = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var buffer = scratch.AsSpan(0, size);
            for (var i = 0; i < indices.Length; i++)
            {
                ImageAugmentation.RandomCrop(Image(indices[i]), buffer, Shape, padding, rng);
                ImageAugmentation.RandomHorizontalFlip(buffer, Shape, rng);
                normalization.Apply(buffer, destination.Slice(i * size, size), Shape);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Copies the labels at <paramref name="indices"/>; T is typically long for a cross-entropy target.</summary>
    public void CopyLabels<T>(ReadOnlySpan<int> indices, Span<T> destination)
        where T : INumberBase<T>
    {
        if (destination.Length < indices.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} labels; {indices.Length} needed.", nameof(destination));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            destination[i] = T.CreateTruncating(Labels[indices[i]]);
        }
    }

    private void CheckDestination(int images, int floats)
    {
        if (floats < (long)images * Shape.Size)
        {
            throw new ArgumentException($"Destination holds {floats} floats; {(long)images * Shape.Size} needed for {images} images.", "destination");
        }
    }
}
