using System.CommandLine;
using HdCluster.Data;
using HdCluster.Sweeps;

namespace HdCluster.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Data() => new("--data") { Description = "data root (default: $HDC_DATA, then ../shared/data beside the repository)" };

    /// <summary>The positional results folder of <c>status</c>, <c>report</c> and <c>query</c>: one name, one description.</summary>
    public static Argument<string> ResultsFolder() => new("results-dir") { Description = "a sweep's results folder, e.g. results/quickstart" };

    public static Option<int?> Threads() => new("--threads") { Description = "libtorch threads (default: all cores)" };

    /// <summary><c>--fuse auto|off|N</c>: overrides the sweep file's <c>fuse:</c> for this run.</summary>
    public static Option<FuseSetting?> Fuse() => new("--fuse")
    {
        Description = "train compatible cells as fused groups: auto (where it pays), off, or N (groups of at most N) (default: the sweep file's fuse setting)",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (FuseSetting.TryParse(text) is { } setting)
            {
                return setting;
            }

            result.AddError($"--fuse: expected auto, off or a whole number of at least 1 (the largest group), found '{text}'");
            return null;
        },
    };

    /// <summary>Loads a sweep file; a mistake in it is printed as <c>hdc COMMAND: FILE:LINE:COLUMN: ...</c> and gives null.</summary>
    public static Sweep? LoadSweep(string path, string command)
    {
        try
        {
            return SweepFile.Load(path);
        }
        catch (SweepFileException e)
        {
            Console.Error.WriteLine($"hdc {command}: {e.Message}");
            return null;
        }
    }

    public static string ResolveDataRoot(string? cli) => new DataRootResolver().Resolve(cli, null).Path;
}
