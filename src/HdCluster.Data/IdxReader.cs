using System.Buffers.Binary;

namespace HdCluster.Data;

/// <summary>
/// Reads LeCun's IDX format: a big-endian int32 magic (0x0000 08 NN, NN = number of
/// dimensions, 08 = unsigned byte), NN big-endian int32 sizes, then the bytes row-major.
/// </summary>
internal static class IdxReader
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        using var stream = DataStreams.OpenMaybeGzip(path, "an IDX images file");
        Span<byte> header = stackalloc byte[16];
        DataStreams.ReadExactly(stream, header, path, "IDX images header");
        ExpectMagic(path, header, ImagesMagic, "images");
        var count = ReadSize(path, header[4..], "image count");
        var rows = ReadSize(path, header[8..], "row count");
        var columns = ReadSize(path, header[12..], "column count");
        var length = (long)count * rows * columns;
        if (length > Array.MaxLength)
        {
            throw new DataFileException(path, $"at most {Array.MaxLength} pixels", $"a header declaring {count}x{rows}x{columns}");
        }

        var what = $"pixels ({count} images of {rows}x{columns})";
        DataStreams.ExpectRemaining(stream, length, path, what);
        var pixels = GC.AllocateUninitializedArray<byte>((int)length);
        DataStreams.ReadExactly(stream, pixels, path, what);
        DataStreams.ExpectEnd(stream, path, $"{count} images");
        return (pixels, count, rows, columns);
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = DataStreams.OpenMaybeGzip(path, "an IDX labels file");
        Span<byte> header = stackalloc byte[8];
        DataStreams.ReadExactly(stream, header, path, "IDX labels header");
        ExpectMagic(path, header, LabelsMagic, "labels");
        var count = ReadSize(path, header[4..], "label count");
        DataStreams.ExpectRemaining(stream, count, path, $"labels ({count})");
        var labels = GC.AllocateUninitializedArray<byte>(count);
        DataStreams.ReadExactly(stream, labels, path, $"labels ({count})");
        DataStreams.ExpectEnd(stream, path, $"{count} labels");
        return labels;
    }

    private static void ExpectMagic(string path, ReadOnlySpan<byte> header, int expected, string kind)
    {
        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expected)
        {
            throw new DataFileException(path, $"IDX {kind} magic number {expected} (0x{expected:X8})", $"{magic} (0x{magic:X8})");
        }
    }

    private static int ReadSize(string path, ReadOnlySpan<byte> field, string what)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(field);
        if (value <= 0)
        {
            throw new DataFileException(path, $"a positive {what}", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return value;
    }
}
