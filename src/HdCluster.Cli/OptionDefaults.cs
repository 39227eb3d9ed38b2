using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace HdCluster.Cli;

/// <summary>
/// Writes every option's default one way: "[default: X]" at the end of its description, the form
/// System.CommandLine prints for a default that is a value. Defaults that are not a value (the model's own,
/// every GPU) are written by hand in a command's file, as "(default: X)"; this turns them into the same form.
/// </summary>
internal static partial class OptionDefaults
{
    public static void Apply(Command root)
    {
        foreach (var option in Options(root).Where(o => !ShowsItsOwnDefault(o) && o.Description is not null))
        {
            option.Description = HandWritten().Replace(option.Description!, "[default: ${value}]");
        }
    }

    /// <summary>Whether System.CommandLine prints this option's default itself: it does for a default value,
    /// except a switch's false.</summary>
    public static bool ShowsItsOwnDefault(Option option) => option.HasDefaultValue && option.ValueType != typeof(bool);

    /// <summary>Every option of every command under <paramref name="command"/>, the built-in help and version excepted.</summary>
    public static IEnumerable<Option> Options(Command command) =>
        command.Options.Where(o => o is not HelpOption and not VersionOption)
            .Concat(command.Subcommands.SelectMany(Options))
            .Distinct();

    [GeneratedRegex(@"\(default:? (?<value>.*)\)$")]
    private static partial Regex HandWritten();
}
