using System.Buffers.Binary;
using System.IO.Compression;

namespace HdCluster.Data.Tests;

/// <summary>Builds IDX files byte by byte, so error cases can be made exactly.</summary>
internal static class IdxFiles
{
    public static byte[] Images(int count, int rows, int columns, int magic = 2051, int? pixelBytes = null)
    {
        var body = pixelBytes ?? count * rows * columns;
        var bytes = new byte[16 + body];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 0; i < body; i++)
        {
            bytes[16 + i] = (byte)(i * 7);
        }

        return bytes;
    }

    public static byte[] Labels(int count, int magic = 2049)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
        {
            bytes[8 + i] = (byte)(i % 10);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
