using HdCluster.Torch.Native;
using static HdCluster.Torch.Native.NativeMethods;

namespace HdCluster.Torch;

/// <summary>The PyTorch-shaped entry point: <c>torch.zeros</c>, <c>torch.randn</c>, <c>torch.manual_seed</c>, ...</summary>
public static partial class torch
{
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType uint8 = ScalarType.Byte;
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>The default element type of factories that are not given one.</summary>
    public static ScalarType default_dtype { get; set; } = ScalarType.Float32;

    /// <summary>Opens a scope owning every tensor this thread creates until it is disposed.</summary>
    public static DisposeScope NewDisposeScope() => DisposeScopeManager.Push();

    /// <summary>Seeds libtorch's global generators (CPU and CUDA).</summary>
    public static void manual_seed(long seed) => hdc_manual_seed(seed);

    public static int get_num_threads() => hdc_get_num_threads();

    public static void set_num_threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeError.Check(hdc_set_num_threads(threads));
    }

    public static void set_num_interop_threads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        NativeError.Check(hdc_set_num_interop_threads(threads));
    }

    public static GradMode no_grad() => new(false);

    public static GradMode enable_grad() => new(true);

    private static Device Dev(Device? device) => device ?? Device.CPU;

    private static ScalarType Dt(ScalarType? dtype) => dtype ?? default_dtype;

    public static unsafe Tensor empty(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_empty(p, shape.Length, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex, requires_grad ? 1 : 0));
        }
    }

    public static unsafe Tensor zeros(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_zeros(p, shape.Length, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex, requires_grad ? 1 : 0));
        }
    }

    public static Tensor zeros(params long[] shape) => zeros(shape, null);

    public static unsafe Tensor ones(long[] shape, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_ones(p, shape.Length, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex, requires_grad ? 1 : 0));
        }
    }

    public static Tensor ones(params long[] shape) => ones(shape, null);

    public static unsafe Tensor full(long[] shape, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_full(p, shape.Length, value, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex, requires_grad ? 1 : 0));
        }
    }

    /// <summary>A zero-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor scalar(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        full([], value, dtype, device, requires_grad);

    /// <summary>As PyTorch infers it: int64 when start, end and step are integers (this overload),
    /// <see cref="default_dtype"/> when any is fractional (the double overload).</summary>
    public static Tensor arange(long start, long end, long step = 1, ScalarType? dtype = null, Device? device = null) =>
        Arange(start, end, step, dtype ?? ScalarType.Int64, device);

    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null) =>
        Arange(start, end, step, Dt(dtype), device);

    public static Tensor arange(long end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    private static Tensor Arange(double start, double end, double step, ScalarType dtype, Device? device) =>
        new(hdc_arange(start, end, step, (int)dtype, (int)Dev(device).Type, Dev(device).NativeIndex));

    public static unsafe Tensor rand(long[] shape, Generator? generator = null, ScalarType? dtype = null, Device? device = null)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_rand(p, shape.Length, generator?.Handle ?? IntPtr.Zero, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex));
        }
    }

    public static unsafe Tensor randn(long[] shape, Generator? generator = null, ScalarType? dtype = null, Device? device = null)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_randn(p, shape.Length, generator?.Handle ?? IntPtr.Zero, (int)Dt(dtype), (int)Dev(device).Type, Dev(device).NativeIndex));
        }
    }

    public static unsafe Tensor randint(long low, long high, long[] shape, Generator? generator = null, ScalarType? dtype = null, Device? device = null)
    {
        fixed (long* p = shape)
        {
            return new Tensor(hdc_randint(low, high, p, shape.Length, generator?.Handle ?? IntPtr.Zero, (int)(dtype ?? ScalarType.Int64), (int)Dev(device).Type, Dev(device).NativeIndex));
        }
    }

    public static Tensor randperm(long n, Generator? generator = null, ScalarType? dtype = null, Device? device = null) =>
        new(hdc_randperm(n, generator?.Handle ?? IntPtr.Zero, (int)(dtype ?? ScalarType.Int64), (int)Dev(device).Type, Dev(device).NativeIndex));

    /// <summary>A CPU tensor holding a copy of <paramref name="data"/> in the given shape (default: 1-D).</summary>
    public static unsafe Tensor tensor<T>(ReadOnlySpan<T> data, long[]? shape = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged
    {
        shape ??= [data.Length];
        long count = 1;
        foreach (var s in shape)
        {
            count *= s;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements, but {data.Length} were given", nameof(shape));
        }

        Tensor result;
        fixed (T* d = data)
        fixed (long* p = shape)
        {
            result = new Tensor(hdc_from_data(d, p, shape.Length, (int)ScalarTypeInfo.Of<T>()));
        }

        if (device is { Type: DeviceType.CUDA } target)
        {
            using var onCpu = result.DetachFromDisposeScope();
            result = onCpu.to(target);
        }

        if (requires_grad)
        {
            result.requires_grad = true;
        }

        return result;
    }

    public static Tensor tensor<T>(T[] data, long[]? shape = null, Device? device = null, bool requires_grad = false)
        where T : unmanaged => tensor((ReadOnlySpan<T>)data, shape, device, requires_grad);

    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        scalar(value, dtype, device, requires_grad);

    public static Tensor zeros_like(Tensor t) => new(hdc_like(t.Handle, (int)LikeKind.Zeros, 0));
    public static Tensor ones_like(Tensor t) => new(hdc_like(t.Handle, (int)LikeKind.Ones, 0));
    public static Tensor full_like(Tensor t, double value) => new(hdc_like(t.Handle, (int)LikeKind.Full, value));
    public static Tensor empty_like(Tensor t) => new(hdc_like(t.Handle, (int)LikeKind.Empty, 0));

    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(hdc_where(condition.Handle, x.Handle, y.Handle));

    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: false);

    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: true);

    private static unsafe Tensor Combine(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        var handles = Handles(tensors);
        fixed (IntPtr* p = handles)
        {
            return new Tensor(stack ? hdc_stack(p, handles.Length, dim) : hdc_cat(p, handles.Length, dim));
        }
    }

    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++)
        {
            handles[i] = tensors[i].Handle;
        }

        return handles;
    }

    public static Tensor dot(Tensor a, Tensor b) => a.dot(b);
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor relu(Tensor x) => x.relu();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sign(Tensor x) => x.sign();
    public static Tensor square(Tensor x) => x.square();
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
}
