namespace HdCluster.Data;

internal static class LabelCheck
{
    /// <summary>An out-of-range label would only surface later as an index error deep inside a loss function.</summary>
    public static void InRange(ReadOnlySpan<byte> labels, int classes, string path)
    {
        var bad = labels.IndexOfAnyInRange((byte)classes, byte.MaxValue);
        if (bad >= 0)
        {
            throw new DataFileException(path, $"labels 0..{classes - 1}", $"label {labels[bad]} at index {bad}");
        }
    }
}
