using System.CommandLine;
using HdCluster.Cli.Commands;
using HdCluster.Torch.Native;
using Spectre.Console;

namespace HdCluster.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        // First, before anything can load libtorch: its OpenMP runtime reads the wait policy once, when it loads.
        ProcessPolicy.Apply();
        ConsoleWidth.Apply();
        return Invocation.Run(Commands(), args);
    }

    /// <summary>Every command, in the order <c>hdc --help</c> lists them.</summary>
    internal static RootCommand Commands()
    {
        var root = new RootCommand("HdCluster: hypergradient-descent and hyperoptimizer sweeps on libtorch");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ClusterCommands.Status(ResultsCommands.Status()));
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ClusterCommands.Coordinator());
        root.Subcommands.Add(ClusterCommands.Worker());
        root.Subcommands.Add(ClusterCommands.Submit());
        root.Subcommands.Add(ClusterCommands.Cancel());
        root.Subcommands.Add(ClusterCommands.Results());
        foreach (var command in LauncherCommands.All())
        {
            root.Subcommands.Add(command);
        }

        OptionDefaults.Apply(root);
        return root;
    }
}
