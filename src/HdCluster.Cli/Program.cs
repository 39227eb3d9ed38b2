using System.CommandLine;
using HdCluster.Cli.Commands;

var root = new RootCommand("HdCluster: hypergradient-descent and hyperoptimizer sweeps on libtorch");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(ResultsCommands.Validate());
root.Subcommands.Add(ResultsCommands.Status());
root.Subcommands.Add(ResultsCommands.Query());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(DataCommand.Create());
return root.Parse(args).Invoke();
