using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace HdCluster.Cli.Tests;

/// <summary>
/// Every subcommand, as Program registers it, given wrong arguments: exit code 2, one line on stderr naming the
/// problem, no stack trace. Cases are derived from each command's own arguments and options, so a command
/// added later is covered without touching this file.
/// </summary>
public sealed partial class WrongArgumentsTests
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var name in CommandNames())
        {
            data.Add(name);
        }

        return data;
    }

    private static List<string> CommandNames() => [.. Leaves(Program.Commands(), []).Select(path => string.Join(' ', path))];

    [Fact]
    public void Every_registered_command_is_covered()
    {
        var names = CommandNames();

        Assert.Contains("train", names);
        Assert.Contains("data verify", names);
        Assert.Contains("data fetch", names);
        Assert.Equal(Program.Commands().Subcommands.Count + 2, names.Count);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_unknown_option_is_one_line_naming_it(string command)
    {
        // Whatever follows a launcher command is the launcher's: the line says to run it through ./hdc.
        var launcher = Find(command).Description?.Contains("./hdc", StringComparison.Ordinal) == true;
        AssertUsageError(Run(command, [.. RequiredArguments(command), "--no-such-option"]), launcher ? $"./hdc {command}" : "--no-such-option");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_missing_argument_or_option_value_is_one_line_naming_it(string command)
    {
        var target = Find(command);
        var required = target.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).ToList();
        if (required.Count > 0)
        {
            AssertUsageError(Run(command, []), $"<{required[0].Name}>");
        }

        foreach (var option in Valued(target))
        {
            AssertUsageError(Run(command, [.. RequiredArguments(command), option.Name]), option.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void A_value_of_the_wrong_kind_is_one_line_naming_the_option_and_the_value(string command)
    {
        foreach (var option in Valued(Find(command)).Where(o => Numeric(o.ValueType)))
        {
            var outcome = Run(command, [.. RequiredArguments(command), option.Name, "twelve"]);
            AssertUsageError(outcome, option.Name);
            Assert.Contains("'twelve'", outcome.Stderr, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["run", "/no/such/sweep.yaml"], "/no/such/sweep.yaml" },
        { ["validate", "/no/such/sweep.yaml"], "/no/such/sweep.yaml" },
        { ["train", "--config", "/no/such/cell.yaml"], "/no/such/cell.yaml" },
        { ["train", "--model", "mlp", "-o", "sgd(0.01)"], "budget" },
        { ["train", "--model", "mlp", "-o", "sgd(0.01", "--steps", "1"], "--optimizer" },
        { ["train", "--model", "perceptron", "-o", "sgd(0.01)", "--steps", "1"], "perceptron" },
        { ["train", "--steps", "1"], "--model" },
        { ["run", "sweeps/quickstart.yaml", "--fuse", "0"], "--fuse" },
        { ["status", "/no/such/results"], "/no/such/results" },
        { ["report", "/no/such/results"], "/no/such/results" },
        { ["replay", "/no/such/case"], "/no/such/case" },
        { ["data", "fetch", "imagenet"], "imagenet" },
        { ["data", "verify", "--data", "/no/such/data"], "/no/such/data" },
        { ["coordinator", "--config", "/no/such/cluster.yaml"], "/no/such/cluster.yaml" },
        { ["worker", "--config", "/no/such/cluster.yaml"], "/no/such/cluster.yaml" },
        { ["cancel", "quickstart", "--config", "/no/such/cluster.yaml"], "/no/such/cluster.yaml" },
        { ["results", "quickstart", "--config", "/no/such/cluster.yaml"], "/no/such/cluster.yaml" },
        { ["test"], "./hdc test" },
        { ["bench", "torch"], "./hdc bench" },
        { ["data"], "verify, fetch" },
        { [], "run" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void A_commands_own_input_check_is_one_line_with_exit_code_2(string[] args, string named)
    {
        AssertUsageError(InProcessCli.Run(args), named);
    }

    private static void AssertUsageError(CliOutcome outcome, string named)
    {
        Assert.True(outcome.ExitCode == 2, $"exit code {outcome.ExitCode}; stderr: {outcome.Stderr}");
        var line = Assert.Single(outcome.StderrLines);
        Assert.StartsWith("hdc", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), outcome.Stderr + outcome.Stdout);
        Assert.DoesNotMatch(ExceptionName(), outcome.Stderr + outcome.Stdout);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    private static CliOutcome Run(string command, string[] args) => InProcessCli.Run([.. command.Split(' '), .. args]);

    private static IEnumerable<string[]> Leaves(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] here = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0)
            {
                yield return here;
            }
            else
            {
                yield return here;
                foreach (var leaf in Leaves(sub, here))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static Command Find(string path) =>
        path.Split(' ').Aggregate((Command)Program.Commands(), (c, name) => c.Subcommands.Single(s => s.Name == name));

    /// <summary>A stand-in for each required argument, so the problem under test is the only one.</summary>
    private static string[] RequiredArguments(string command)
    {
        var target = Find(command);
        return [.. target.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => "x")];
    }

    /// <summary>Options that take a value (not switches), help excepted.</summary>
    private static IEnumerable<Option> Valued(Command command) =>
        command.Options.Where(o => o is not HelpOption && o.ValueType != typeof(bool) && o.ValueType != typeof(bool?) && o.Arity.MinimumNumberOfValues > 0);

    private static bool Numeric(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return t == typeof(int) || t == typeof(long) || t == typeof(double);
    }

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b\w+Exception\b")]
    private static partial Regex ExceptionName();
}
