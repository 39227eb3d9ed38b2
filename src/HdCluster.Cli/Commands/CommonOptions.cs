using System.CommandLine;
using HdCluster.Data;

namespace HdCluster.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data") { Description = "data root (default: $HDC_DATA, then ../shared/data beside the repository)" };

    public static Option<int?> Threads() => new("--threads") { Description = "libtorch threads (default: all cores)" };

    public static string ResolveDataRoot(string? cli) => new DataRootResolver().Resolve(cli, null).Path;
}
