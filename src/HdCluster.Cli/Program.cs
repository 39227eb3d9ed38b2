using System.CommandLine;
using HdCluster.Cli.Commands;

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
// Ctrl-C and SIGTERM cancel the command's token, and the command gets this long to stop cleanly (a sweep
// cancels its cells at the next batch and writes what finished). Without a timeout set, System.CommandLine
// installs no handler at all and a signal ends the process on the spot.
return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
