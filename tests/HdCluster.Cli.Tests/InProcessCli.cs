using Spectre.Console;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace HdCluster.Cli.Tests;

/// <summary>What one <c>hdc</c> command line printed and returned.</summary>
public sealed record CliOutcome(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the CLI in this process, as <c>Program.Main</c> does after its process policy: the same command tree and
/// the same invocation, with stdout and stderr captured. Console is process-wide, so this assembly runs its tests
/// one at a time.
/// </summary>
internal static class InProcessCli
{
    public static CliOutcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldError, oldAnsi) = (Console.Out, Console.Error, AnsiConsole.Console);
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            var code = Invocation.Run(Program.Commands(), args);
            return new CliOutcome(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            AnsiConsole.Console = oldAnsi;
        }
    }
}
