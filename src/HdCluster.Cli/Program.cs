using System.CommandLine;
using HdCluster.Cli.Commands;

var root = new RootCommand("HdCluster: hypergradient-descent and hyperoptimizer sweeps on libtorch");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ResultsCommands.Validate());
root.Subcommands.Add(ClusterCommands.Status(ResultsCommands.Status()));
root.Subcommands.Add(ResultsCommands.Query());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ClusterCommands.Coordinator());
root.Subcommands.Add(ClusterCommands.Worker());
root.Subcommands.Add(ClusterCommands.Submit());
root.Subcommands.Add(ClusterCommands.Cancel());
root.Subcommands.Add(ClusterCommands.Results());
return root.Parse(args).Invoke();
