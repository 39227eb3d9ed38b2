using System.Text;
using HdCluster.Torch.Native;

namespace HdCluster.Torch;

/// <summary>
/// A libtorch tensor. Reads like PyTorch (<c>x.matmul(w).relu()</c>). Every tensor is owned by the
/// innermost open <see cref="DisposeScope"/> of the thread that created it, or by its caller when
/// no scope is open; disposing releases native memory at once.
/// </summary>
public sealed partial class Tensor : IScoped
{
    private readonly TensorHandle handle;

    internal Tensor(IntPtr raw)
    {
        handle = new TensorHandle(NativeError.Check(raw));
        DisposeScopeManager.Register(this);
    }

    DisposeScope? IScoped.OwningScope { get; set; }

    /// <summary>The native handle, for calls across the bridge; throws once the tensor is disposed.</summary>
    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return handle.DangerousGetHandle();
        }
    }

    public bool IsDisposed => handle.IsClosed;

    public void Dispose()
    {
        if (handle.IsClosed)
        {
            return;
        }

        var self = (IScoped)this;
        self.OwningScope?.Forget(this);
        self.OwningScope = null;
        handle.Dispose();
    }

    public int dim() => NativeMethods.hdc_tensor_ndim(Handle);

    public long numel() => NativeMethods.hdc_tensor_numel(Handle);

    public unsafe long[] shape
    {
        get
        {
            var result = new long[dim()];
            fixed (long* p = result)
            {
                NativeError.Check(NativeMethods.hdc_tensor_shape(Handle, p));
            }

            return result;
        }
    }

    public long size(int dimension)
    {
        var s = shape;
        var d = dimension < 0 ? dimension + s.Length : dimension;
        if (d < 0 || d >= s.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), $"dimension {dimension} is out of range for a tensor of {s.Length} dimensions");
        }

        return s[d];
    }

    public ScalarType dtype => (ScalarType)NativeMethods.hdc_tensor_dtype(Handle);

    public unsafe Device device
    {
        get
        {
            int type, index;
            NativeError.Check(NativeMethods.hdc_tensor_device(Handle, &type, &index));
            return new Device((DeviceType)type, index);
        }
    }

    /// <summary>The value of a one-element tensor.</summary>
    public unsafe double item()
    {
        double d;
        long l;
        NativeError.Check(NativeMethods.hdc_tensor_item(Handle, &d, &l));
        return d;
    }

    /// <summary>The value of a one-element tensor, as an integer (exact for int64).</summary>
    public unsafe long itemLong()
    {
        double d;
        long l;
        NativeError.Check(NativeMethods.hdc_tensor_item(Handle, &d, &l));
        return l;
    }

    /// <summary>Copies the elements, in row-major order, into a new managed array (from any device).</summary>
    public T[] data<T>()
        where T : unmanaged
    {
        CheckElementType<T>();
        var result = new T[numel()];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements, in row-major order, into <paramref name="destination"/> (exactly numel long).</summary>
    public unsafe void CopyTo<T>(Span<T> destination)
        where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = destination)
        {
            NativeError.Check(NativeMethods.hdc_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
        }
    }

    private void CheckElementType<T>()
        where T : unmanaged
    {
        var expected = ScalarTypeInfo.Of<T>();
        var actual = dtype;
        if (expected != actual)
        {
            throw new TorchException($"tensor has dtype {actual}, but its data was requested as {typeof(T).Name} ({expected})");
        }
    }

    public override unsafe string ToString()
    {
        if (IsDisposed)
        {
            return "Tensor(disposed)";
        }

        var buffer = new byte[64 * 1024];
        fixed (byte* p = buffer)
        {
            var length = NativeError.Check(NativeMethods.hdc_tensor_to_string(Handle, p, buffer.Length));
            return Encoding.UTF8.GetString(buffer, 0, Math.Min(length, buffer.Length - 1));
        }
    }

    /// <summary>Shape, dtype and device, for error messages and logs.</summary>
    public string Describe() => $"[{string.Join(", ", shape)}] {dtype} on {device}";

    public Tensor MoveToOuterDisposeScope() => ((IScoped)this).OwningScope?.MoveToOuter(this) ?? this;

    public Tensor DetachFromDisposeScope() => ((IScoped)this).OwningScope?.Detach(this) ?? this;
}
