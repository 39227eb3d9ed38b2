using HdCluster.Data;

namespace HdCluster.Cli.Tests;

/// <summary>
/// A data root holding every data set the models train on: MNIST and Tiny Shakespeare linked from the shared
/// data ($HDC_DATA, else ../shared/data), and CIFAR-10, which cannot be downloaded offline, as small batch files
/// in the real binary format (label byte, then R, G, B planes of 32x32).
/// </summary>
public sealed class TestDataRoot : IDisposable
{
    public const int CifarRecordsPerFile = 64;

    private readonly TempFolder folder = new();

    public TestDataRoot()
    {
        var shared = new DataRootResolver().Resolve(null, null).Path;
        foreach (var set in new[] { "mnist", "tinyshakespeare" })
        {
            Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, set), System.IO.Path.Combine(shared, set));
        }

        var first = 0;
        foreach (var file in Cifar10.TrainPaths.Append(Cifar10.TestPath))
        {
            var path = System.IO.Path.Combine(Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, CifarBatch(first, CifarRecordsPerFile));
            first += CifarRecordsPerFile;
        }
    }

    public string Path => folder.Path;

    public void Dispose() => folder.Dispose();

    private static byte[] CifarBatch(int firstRecord, int count)
    {
        var bytes = new byte[count * Cifar10.RecordSize];
        for (var r = 0; r < count; r++)
        {
            var record = bytes.AsSpan(r * Cifar10.RecordSize, Cifar10.RecordSize);
            record[0] = (byte)((firstRecord + r) % Cifar10.Classes);
            for (var i = 1; i < record.Length; i++)
            {
                record[i] = (byte)(((firstRecord + r) * 31) + (i * 7));
            }
        }

        return bytes;
    }
}
