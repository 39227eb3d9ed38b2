namespace HdCluster.Data;

/// <summary>The shape of one image stored channel-planar (C planes of H x W, row-major), as PyTorch's NCHW expects.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int PlaneSize => Height * Width;

    public int Size => Channels * Height * Width;
}
