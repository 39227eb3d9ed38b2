using System.Reflection;
using System.Runtime.InteropServices;

namespace HdCluster.Results.Native;

/// <summary>
/// Finds and loads libduckdb.so. It is not a NuGet asset (scripts/setup-duckdb.sh fetches it
/// into .tools/duckdb), so the default probing of the runtime would not find it: this resolver
/// looks where the setup script puts it, from any build output folder inside the repository.
/// </summary>
internal static class DuckDbLibrary
{
    /// <summary>The name the P/Invoke declarations import; only this name is resolved here.</summary>
    internal const string ImportName = "duckdb";

    /// <summary>An explicit path to the library, for machines where the repository layout does not apply.</summary>
    internal const string PathVariable = "HDC_DUCKDB_LIB";

    internal const string FileName = "libduckdb.so";

    internal static readonly string RepoRelativePath = Path.Combine(".tools", "duckdb", FileName);

    private static readonly object Gate = new();
    private static bool resolverRegistered;
    private static IntPtr loaded;

    /// <summary>Installs the resolver for this assembly; safe to call any number of times.</summary>
    internal static void RegisterResolver()
    {
        lock (Gate)
        {
            if (resolverRegistered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(DuckDbLibrary).Assembly, Resolve);
            resolverRegistered = true;
        }
    }

    /// <summary>
    /// Loads the library now, so that a missing library surfaces as one clear exception at the
    /// first use rather than as an opaque failure inside some later native call.
    /// </summary>
    internal static void EnsureLoaded()
    {
        RegisterResolver();
        lock (Gate)
        {
            if (loaded == IntPtr.Zero)
            {
                loaded = Load();
            }
        }
    }

    /// <summary>
    /// Where the library is, in order of precedence: <see cref="PathVariable"/>, then
    /// .tools/duckdb/libduckdb.so in <paramref name="baseDirectory"/> or any folder above it.
    /// Null means "not found here; try the system's default search".
    /// </summary>
    internal static string? Locate(string? pathVariableValue, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(pathVariableValue))
        {
            if (!File.Exists(pathVariableValue))
            {
                // An explicit setting that is wrong must not silently fall back to another copy.
                throw new DllNotFoundException(
                    $"{PathVariable} is set to '{pathVariableValue}', but no file is there. " +
                    $"Point it at a {FileName}, or unset it and run scripts/setup-duckdb.sh.");
            }

            return Path.GetFullPath(pathVariableValue);
        }

        for (var folder = new DirectoryInfo(baseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RepoRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static string NotFoundMessage(string baseDirectory) =>
        $"DuckDB's native library ({FileName}) was not found: {PathVariable} is not set, no " +
        $"{RepoRelativePath} exists in '{baseDirectory}' or any folder above it, and the system " +
        "library search found none. Run scripts/setup-duckdb.sh in the repository root.";

    private static IntPtr Load()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var path = Locate(Environment.GetEnvironmentVariable(PathVariable), baseDirectory);
        if (path is not null)
        {
            try
            {
                return NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new DllNotFoundException(
                    $"Could not load DuckDB's native library '{path}': {e.Message}. " +
                    "Run scripts/setup-duckdb.sh to reinstall it.", e);
            }
        }

        if (NativeLibrary.TryLoad(FileName, out var handle))
        {
            return handle;
        }

        throw new DllNotFoundException(NotFoundMessage(baseDirectory));
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != ImportName)
        {
            return IntPtr.Zero;
        }

        EnsureLoaded();
        return loaded;
    }
}
