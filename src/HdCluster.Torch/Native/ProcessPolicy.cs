using System.Runtime.InteropServices;

namespace HdCluster.Torch.Native;

/// <summary>
/// Settings the native runtime reads once, when it loads, so a process must make them before its first torch
/// call. GNU OpenMP reads <c>OMP_WAIT_POLICY</c> when libgomp loads; left unset, libtorch's idle OpenMP threads
/// spin for up to 300,000 iterations, and with two threads on two busy cores the big MLP step measured slower
/// than with one. PASSIVE makes them sleep. A process (the CLI, the benchmarks) calls <see cref="Apply"/> first
/// thing; a library never does, since the policy belongs to the process.
/// </summary>
public static partial class ProcessPolicy
{
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    public const string WaitPolicy = "PASSIVE";

    private static readonly Lock Gate = new();
    private static bool applied;

    /// <summary>Sets <c>OMP_WAIT_POLICY=PASSIVE</c> in the C library's environment, where native code reads it,
    /// unless it is already set (a user's own choice wins). Calling it again is harmless.</summary>
    /// <returns>The policy the native runtime will use.</returns>
    /// <exception cref="InvalidOperationException">The native library is already loaded, so the setting would be ignored.</exception>
    public static string Apply()
    {
        lock (Gate)
        {
            var current = NativeGetenv(WaitPolicyVariable);
            if (applied)
            {
                return current ?? WaitPolicy;
            }

            if (NativeLibraryLoader.IsLoaded || OpenMpIsLoaded())
            {
                throw new InvalidOperationException(
                    $"the process policy ({WaitPolicyVariable}) must be applied before the first torch call: libtorch's OpenMP reads it once, when it loads");
            }

            if (current is null)
            {
                // .NET keeps its own copy of the environment and never writes it through to libc on Linux:
                // setenv puts the variable where libgomp's getenv finds it; the managed copy is for child processes.
                if (setenv(WaitPolicyVariable, WaitPolicy, 0) != 0)
                {
                    throw new InvalidOperationException($"setenv({WaitPolicyVariable}) failed with errno {Marshal.GetLastPInvokeError()}");
                }

                Environment.SetEnvironmentVariable(WaitPolicyVariable, WaitPolicy);
                current = WaitPolicy;
            }

            applied = true;
            return current;
        }
    }

    /// <summary>The variable as native code sees it (libc <c>getenv</c>), which can differ from
    /// <see cref="Environment.GetEnvironmentVariable(string)"/> on Linux.</summary>
    public static string? NativeGetenv(string name) => Marshal.PtrToStringUTF8(getenv(name));

    private static bool OpenMpIsLoaded()
    {
        const string maps = "/proc/self/maps";
        return File.Exists(maps) && File.ReadLines(maps).Any(l => l.Contains("libgomp", StringComparison.Ordinal));
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);
}
