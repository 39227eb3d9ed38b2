using System.Text;
using HdCluster.Torch.Native;

namespace HdCluster.Torch;

public static partial class torch
{
    /// <summary>Writes named tensors in PyTorch's own format (a pickled dict, readable by <c>torch.load</c>).
    /// The file appears whole or not at all: it is written beside the target and renamed.</summary>
    public static unsafe void save(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        var names = tensors.Keys.ToArray();
        var handles = names.Select(n => tensors[n].Handle).ToArray();
        var encoded = names.Select(n => Encoding.UTF8.GetBytes(n + "\0")).ToArray();
        var pins = encoded.Select(b => System.Runtime.InteropServices.GCHandle.Alloc(b, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
        var temporary = path + ".tmp-" + Environment.ProcessId;
        try
        {
            var namePointers = pins.Select(p => p.AddrOfPinnedObject()).ToArray();
            fixed (IntPtr* h = handles)
            fixed (IntPtr* n = namePointers)
            {
                NativeError.Check(NativeMethods.hdc_save(h, (byte**)n, handles.Length, temporary));
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            foreach (var pin in pins)
            {
                pin.Free();
            }

            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads a file written by <see cref="save"/> (or by <c>torch.save</c> of a dict of tensors).</summary>
    public static unsafe Dictionary<string, Tensor> load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tensor file '{path}' does not exist", path);
        }

        const int capacity = 4096;
        var handles = new IntPtr[capacity];
        var names = new byte[1 << 20];
        int count;
        fixed (IntPtr* h = handles)
        fixed (byte* n = names)
        {
            count = NativeError.Check(NativeMethods.hdc_load(path, h, capacity, n, names.Length));
        }

        var result = new Dictionary<string, Tensor>(count);
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var end = Array.IndexOf(names, (byte)0, offset);
            result[Encoding.UTF8.GetString(names, offset, end - offset)] = new Tensor(handles[i]);
            offset = end + 1;
        }

        return result;
    }
}
