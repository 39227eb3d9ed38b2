using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HdCluster.Torch.Native;

/// <summary>Finds <c>libhdc_torch.so</c>: <c>HDC_NATIVE_DIR</c>, beside the assembly, or the repository's
/// <c>build/native</c> (so tests and tools run straight from a build tree), and refuses a stale build.</summary>
internal static class NativeLibraryLoader
{
    private const string FileName = "libhdc_torch.so";
    private static readonly object Gate = new();
    private static IntPtr handle;

    /// <summary>Whether the bridge (and with it libtorch and its OpenMP runtime) is loaded in this process.</summary>
    internal static bool IsLoaded
    {
        get
        {
            lock (Gate)
            {
                return handle != IntPtr.Zero;
            }
        }
    }

#pragma warning disable CA2255 // The resolver must be in place before the first P/Invoke, whichever type makes it.
    [ModuleInitializer]
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
#pragma warning restore CA2255

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library)
        {
            return IntPtr.Zero;
        }

        lock (Gate)
        {
            if (handle == IntPtr.Zero)
            {
                handle = LoadAndCheck();
            }

            return handle;
        }
    }

    private static unsafe IntPtr LoadAndCheck()
    {
        var path = Candidates().FirstOrDefault(File.Exists) ?? throw new DllNotFoundException(
            $"{FileName} was not found (looked in: {string.Join(", ", Candidates())}). Build it with './hdc build' or set HDC_NATIVE_DIR.");
        var lib = NativeLibrary.Load(path);
        var abiVersion = (delegate* unmanaged<int>)NativeLibrary.GetExport(lib, "hdc_abi_version");
        var version = abiVersion();
        if (version != NativeMethods.AbiVersion)
        {
            throw new DllNotFoundException(
                $"{path} has ABI version {version}, but HdCluster.Torch expects {NativeMethods.AbiVersion}; rebuild it with './hdc build'.");
        }

        return lib;
    }

    private static IEnumerable<string> Candidates()
    {
        var fromEnv = Environment.GetEnvironmentVariable("HDC_NATIVE_DIR");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            yield return Path.Combine(fromEnv, FileName);
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "build", "native", FileName);
        }
    }
}
