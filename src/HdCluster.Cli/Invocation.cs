using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace HdCluster.Cli;

/// <summary>
/// Parses and runs a command line so that a user never sees a stack trace: a mistake in the arguments is one
/// line on stderr naming the command and the problem, with exit code 2; a failure inside a command is one line
/// with exit code 1 (<c>HDC_TRACE=1</c> adds the stack trace, for bug reports).
/// </summary>
internal static partial class Invocation
{
    public const int UsageError = 2;

    public const int Failure = 1;

    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var command = parse.CommandResult.Command;
        var name = CommandName(parse.CommandResult);

        // A command that only groups others (hdc, hdc data) has no action of its own.
        if (command.Action is null && command.Subcommands.Count > 0 && parse.Errors.Count > 0 && parse.UnmatchedTokens.Count == 0)
        {
            var names = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            Console.Error.WriteLine($"{name}: name a command: {names} (see '{name} --help')");
            return UsageError;
        }

        if (parse.Errors.Count == 0 && MistypedOption(parse) is { } mistyped)
        {
            Console.Error.WriteLine($"{name}: Unrecognized command or argument '{mistyped}'. (see '{name} --help')");
            return UsageError;
        }

        if (parse.Errors.Count > 0)
        {
            var first = parse.Errors.OrderBy(e => Rank(e.Message)).First();
            Console.Error.WriteLine($"{name}: {Describe(first.Message, command)}{More(parse.Errors.Count)} (see '{name} --help')");
            return UsageError;
        }

        try
        {
            // Ctrl-C and SIGTERM cancel the command's token, and the command gets this long to stop cleanly (a sweep
            // cancels its cells at the next batch and writes what finished). Without a timeout set, System.CommandLine
            // installs no handler at all and a signal ends the process on the spot.
            return parse.Invoke(new InvocationConfiguration
            {
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
            Console.Error.WriteLine($"{name}: {OneLine(inner.Message)}");
            if (Environment.GetEnvironmentVariable("HDC_TRACE") == "1")
            {
                Console.Error.WriteLine(inner.ToString());
            }

            return Failure;
        }
    }

    /// <summary>An argument that takes any word (a folder, an SQL statement) also takes a mistyped option: a word
    /// shaped like one (<c>--no-such-option</c>, no spaces) that names no file is taken for what it is.</summary>
    private static string? MistypedOption(ParseResult parse) =>
        parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Select(t => t.Value)
            .FirstOrDefault(v => OptionShaped().IsMatch(v) && !File.Exists(v) && !Directory.Exists(v));

    /// <summary><c>hdc data fetch</c> for the innermost command parsed (the root is always called hdc, whatever
    /// the host executable is named).</summary>
    internal static string CommandName(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r != null; r = r.Parent)
        {
            if (r is CommandResult { Command: not RootCommand } c)
            {
                names.Add(c.Command.Name);
            }
        }

        names.Add("hdc");
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>System.CommandLine names .NET types in its conversion errors (System.Nullable`1[System.Int64]):
    /// say what kind of value was expected instead.</summary>
    internal static string Describe(string message, Command command)
    {
        if (MissingOptionValue().Match(message) is { Success: true } option)
        {
            return $"{option.Groups["option"].Value}: missing its value";
        }

        if (message.StartsWith("Required argument missing for command", StringComparison.Ordinal))
        {
            var arguments = string.Join(" ", command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => $"<{a.Name}>"));
            return $"missing {arguments}";
        }

        var match = CannotParse().Match(message);
        if (!match.Success)
        {
            return OneLine(message);
        }

        var type = match.Groups["type"].Value;
        var expected =
            type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "a different kind of value";
        return $"{match.Groups["symbol"].Value}: expected {expected}, found '{match.Groups["value"].Value}'";
    }

    /// <summary>What the user typed wrong comes before what they left out: "--steps: expected a whole number" says more
    /// than "--config is required", which they may be about to add.</summary>
    private static int Rank(string message) =>
        CannotParse().IsMatch(message) ? -1
        : message.StartsWith("Required command", StringComparison.Ordinal) ? 3
        : message.EndsWith("is required.", StringComparison.Ordinal) ? 2
        : message.StartsWith("Required argument missing for command", StringComparison.Ordinal) ? 1
        : 0;

    private static string More(int errors) => errors > 1 ? $" (and {errors - 1} more problem{(errors > 2 ? "s" : "")})" : "";

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^--?[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex OptionShaped();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']*)'")]
    private static partial Regex MissingOptionValue();

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<symbol>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
