namespace HdCluster.Torch;

/// <summary>A failure inside libtorch (shape or dtype mismatch, a device that is not there, ...),
/// carried across the bridge with libtorch's own message.</summary>
public sealed class TorchException(string message) : Exception(message);
