namespace HdCluster.Torch;

public enum DeviceType
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c> or <c>cuda:N</c>.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);

    public static Device CUDA(int index = 0) => new(DeviceType.CUDA, index);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> and <c>cuda:N</c>.</summary>
    public static Device Parse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu")
        {
            return CPU;
        }

        if (s == "cuda")
        {
            return CUDA(0);
        }

        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), out var index) && index >= 0)
        {
            return CUDA(index);
        }

        throw new ArgumentException($"invalid device '{text}' (expected cpu, cuda or cuda:N)", nameof(text));
    }

    internal int NativeIndex => Type == DeviceType.CUDA ? Math.Max(Index, 0) : -1;

    public override string ToString() => Type == DeviceType.CPU ? "cpu" : $"cuda:{Math.Max(Index, 0)}";
}
