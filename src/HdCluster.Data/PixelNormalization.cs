namespace HdCluster.Data;

/// <summary>
/// Byte pixels to floats: x = (p / 255 - mean[c]) / std[c] for channel c. The per-channel values
/// are precomputed into a 256-entry table, so converting is one lookup per pixel and the result
/// is bit-identical to evaluating the formula in single precision.
/// </summary>
public sealed class PixelNormalization
{
    private readonly float[][] _tables;

    /// <param name="means">One mean per channel, on the 0..1 scale.</param>
    /// <param name="stds">One standard deviation per channel, on the 0..1 scale.</param>
    public PixelNormalization(float[] means, float[] stds)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(stds);
        if (means.Length == 0 || means.Length != stds.Length)
        {
            throw new ArgumentException("Need one mean and one standard deviation per channel.", nameof(stds));
        }

        Means = (float[])means.Clone();
        Stds = (float[])stds.Clone();
        _tables = new float[means.Length][];
        for (var c = 0; c < means.Length; c++)
        {
            if (!(stds[c] > 0f))
            {
                throw new ArgumentOutOfRangeException(nameof(stds), stds[c], "Standard deviations must be positive.");
            }

            var table = new float[256];
            for (var p = 0; p < 256; p++)
            {
                table[p] = (p / 255f - means[c]) / stds[c];
            }

            _tables[c] = table;
        }
    }

    /// <summary>Only the /255 scaling (Chandra et al. leave MNIST unnormalised).</summary>
    public static PixelNormalization None { get; } = new([0f], [1f]);

    /// <summary>The ImageNet RGB statistics, conventionally reused for CIFAR-10.</summary>
    public static PixelNormalization ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public IReadOnlyList<float> Means { get; }

    public IReadOnlyList<float> Stds { get; }

    public int Channels => _tables.Length;

    /// <summary>
    /// Converts whole images stored channel-planar. A single-channel normalisation applies to
    /// every channel; otherwise its channel count must match <paramref name="shape"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> pixels, Span<float> destination, ImageShape shape)
    {
        if (Channels != 1 && Channels != shape.Channels)
        {
            throw new ArgumentException($"This normalisation has {Channels} channels; the images have {shape.Channels}.", nameof(shape));
        }

        if (shape.Size <= 0 || pixels.Length % shape.Size != 0)
        {
            throw new ArgumentException($"Expected whole images of {shape.Size} bytes; got {pixels.Length} bytes.", nameof(pixels));
        }

        if (destination.Length < pixels.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; {pixels.Length} needed.", nameof(destination));
        }

        if (Channels == 1)
        {
            Convert(pixels, destination, _tables[0]);
            return;
        }

        var plane = shape.PlaneSize;
        for (var offset = 0; offset < pixels.Length; offset += plane)
        {
            var channel = offset / plane % Channels;
            Convert(pixels.Slice(offset, plane), destination.Slice(offset, plane), _tables[channel]);
        }
    }

    private static void Convert(ReadOnlySpan<byte> pixels, Span<float> destination, float[] table)
    {
        destination = destination[..pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            destination[i] = table[pixels[i]];
        }
    }
}
