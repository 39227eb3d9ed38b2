namespace HdCluster.Data.Tests;

public sealed class DecodedDataCacheTests
{
    [Fact]
    public void Files_are_decoded_once_and_the_value_shared()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("input.txt", "To be, or not to be"u8.ToArray());
        var decodes = 0;

        var first = DecodedDataCache.GetOrDecode([path], () => Decode(path, ref decodes));
        var second = DecodedDataCache.GetOrDecode([path], () => Decode(path, ref decodes));

        Assert.Equal(1, decodes);
        Assert.Same(first, second);
    }

    [Fact]
    public void A_file_replaced_on_disk_is_decoded_again()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("input.txt", "first text"u8.ToArray());
        var decodes = 0;
        var before = DecodedDataCache.GetOrDecode([path], () => Decode(path, ref decodes));

        File.WriteAllText(path, "second, longer text");
        var after = DecodedDataCache.GetOrDecode([path], () => Decode(path, ref decodes));

        Assert.Equal(2, decodes);
        Assert.Equal("first text", before.Text);
        Assert.Equal("second, longer text", after.Text);
    }

    [Fact]
    public void A_failed_decode_is_not_remembered()
    {
        using var folder = new TempDirectory();
        var path = folder.File("tinyshakespeare/input.txt");

        var missing = Assert.Throws<DataFileException>(() => DecodedDataCache.GetOrDecode([path], () => TinyShakespeare.LoadFile(path)));
        Assert.Contains(path, missing.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "Now the file is there.");
        var loaded = DecodedDataCache.GetOrDecode([path], () => TinyShakespeare.LoadFile(path));

        Assert.Equal("Now the file is there.", loaded.Text);
    }

    [Fact]
    public async Task Concurrent_callers_wait_for_one_decode()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("input.txt", "shared"u8.ToArray());
        var decodes = 0;
        using var gate = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() => DecodedDataCache.GetOrDecode([path], () =>
        {
            Interlocked.Increment(ref decodes);
            gate.Wait(TimeSpan.FromSeconds(10));
            return new Decoded(File.ReadAllText(path));
        }))).ToArray();
        await Task.Delay(100);
        gate.Set();
        var values = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, decodes);
        Assert.All(values, v => Assert.Same(values[0], v));
    }

    private static Decoded Decode(string path, ref int decodes)
    {
        decodes++;
        return new Decoded(File.ReadAllText(path));
    }

    private sealed record Decoded(string Text);
}
