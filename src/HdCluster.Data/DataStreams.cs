using System.IO.Compression;

namespace HdCluster.Data;

/// <summary>Opening and reading data files with uniform error reporting.</summary>
internal static class DataStreams
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// Opens a file for reading, transparently decompressing it when it starts with the gzip
    /// magic (1f 8b): the published MNIST files are gzipped, hand-unpacked copies are not.
    /// </summary>
    public static Stream OpenMaybeGzip(string path, string expected)
    {
        var file = OpenFile(path, expected);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        }

        return file;
    }

    public static FileStream OpenFile(string path, string expected)
    {
        if (!File.Exists(path))
        {
            throw DataFileException.Missing(path, expected);
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> completely or throws a <see cref="DataFileException"/>
    /// saying how many bytes of <paramref name="what"/> were actually present.
    /// </summary>
    public static void ReadExactly(Stream stream, Span<byte> destination, string path, string what)
    {
        var total = 0;
        try
        {
            while (total < destination.Length)
            {
                var n = stream.Read(destination[total..]);
                if (n == 0)
                {
                    throw new DataFileException(path, $"{destination.Length} bytes of {what}", $"only {total} (file truncated)");
                }

                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, "valid gzip data", $"corrupt compressed data ({e.Message})", e);
        }
    }

    /// <summary>
    /// For uncompressed files, checks the size a header promises before anything is allocated:
    /// a corrupt count must not turn into a multi-gigabyte array.
    /// </summary>
    public static void ExpectRemaining(Stream stream, long needed, string path, string what)
    {
        if (stream.CanSeek && stream.Length - stream.Position < needed)
        {
            throw new DataFileException(path, $"{needed} bytes of {what}", $"only {stream.Length - stream.Position} (file truncated)");
        }
    }

    /// <summary>Trailing bytes mean the header lied about the contents, so they are an error too.</summary>
    public static void ExpectEnd(Stream stream, string path, string what)
    {
        Span<byte> probe = stackalloc byte[1];
        int n;
        try
        {
            n = stream.Read(probe);
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, "valid gzip data", $"corrupt compressed data ({e.Message})", e);
        }

        if (n != 0)
        {
            throw new DataFileException(path, $"the data to end after {what}", "more bytes after it");
        }
    }
}
