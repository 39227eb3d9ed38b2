using HdCluster.Torch;

namespace HdCluster.Engine.Workers;

/// <summary>What a device has free for fused groups to size themselves by.</summary>
internal static class DeviceMemory
{
    /// <summary>Free bytes of a CUDA device now; null for a CPU (groups there are sized by cache, not memory) or when
    /// the device cannot say.</summary>
    public static long? Free(string device)
    {
        var parsed = Device.Parse(device);
        if (parsed.Type != DeviceType.CUDA)
        {
            return null;
        }

        try
        {
            return torch.cuda.mem_get_info(Math.Max(0, parsed.Index)).Free;
        }
        catch (TorchException)
        {
            return null;
        }
    }
}
