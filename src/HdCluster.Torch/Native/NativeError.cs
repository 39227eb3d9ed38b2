using System.Runtime.InteropServices;

namespace HdCluster.Torch.Native;

/// <summary>Turns the bridge's failure signals (NULL handle, -1 status) into <see cref="TorchException"/>s.</summary>
internal static class NativeError
{
    internal static string LastMessage()
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.hdc_last_error());
        return string.IsNullOrEmpty(message) ? "libtorch reported a failure without a message" : message;
    }

    /// <summary>The pending error, or null when the last call succeeded (for calls where NULL is a valid answer).</summary>
    internal static string? LastMessageOrNull()
    {
        var message = Marshal.PtrToStringUTF8(NativeMethods.hdc_last_error());
        return string.IsNullOrEmpty(message) ? null : message;
    }

    internal static IntPtr Check(IntPtr handle) => handle != IntPtr.Zero ? handle : throw new TorchException(LastMessage());

    internal static int Check(int status) => status >= 0 ? status : throw new TorchException(LastMessage());
}
