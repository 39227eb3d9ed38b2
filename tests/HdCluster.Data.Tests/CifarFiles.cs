namespace HdCluster.Data.Tests;

/// <summary>CIFAR-10 binary batches in the real format: per record, a label byte then R, G, B planes of 32x32.</summary>
internal static class CifarFiles
{
    /// <summary>Pixel value of record r, channel c, position p: distinct enough to catch any misalignment.</summary>
    public static byte Pixel(int record, int channel, int position) => (byte)((record * 31) + (channel * 101) + position);

    public static byte[] Batch(int firstRecord, int count)
    {
        var bytes = new byte[count * Cifar10.RecordSize];
        for (var r = 0; r < count; r++)
        {
            var record = bytes.AsSpan(r * Cifar10.RecordSize, Cifar10.RecordSize);
            record[0] = (byte)((firstRecord + r) % 10);
            for (var c = 0; c < 3; c++)
            {
                for (var p = 0; p < 1024; p++)
                {
                    record[1 + (c * 1024) + p] = Pixel(firstRecord + r, c, p);
                }
            }
        }

        return bytes;
    }
}
