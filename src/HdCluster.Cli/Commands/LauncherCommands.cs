using System.CommandLine;

namespace HdCluster.Cli.Commands;

/// <summary>Commands the <c>./hdc</c> launcher runs itself, before the CLI starts (they build the CLI, or run
/// test and benchmark programs beside it). Registered here too so that <c>hdc --help</c> lists every command;
/// reached through the CLI directly, each says where it lives.</summary>
internal static class LauncherCommands
{
    public static IEnumerable<Command> All()
    {
        yield return Create("setup", "install system packages, build the native bridge and the CLI");
        yield return Create("build", "build the native bridge and the CLI when sources changed");
        yield return Create("test", "build and run every test project, ending with one summary line");
        yield return Create("bench", "run a benchmark that prints a table: torch (thread wait policies), torch-native, optimizers, fused");
        yield return Create("k8s-validate", "render the Kubernetes overlays offline and check them against the API schemas");
    }

    private static Command Create(string name, string description)
    {
        // Whatever follows the name belongs to the launcher, so no argument is an error here.
        var command = new Command(name, $"{description} (through the launcher: ./hdc {name})") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"hdc {name}: the launcher runs this, not the CLI: run './hdc {name}' from the repository root");
            return 2;
        });
        return command;
    }
}
