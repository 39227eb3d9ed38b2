using System.CommandLine;

namespace HdCluster.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public void Help_lists_every_registered_command_and_the_launchers_own()
    {
        var outcome = InProcessCli.Run("--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var command in Program.Commands().Subcommands)
        {
            Assert.Matches($@"(?m)^\s+{command.Name}\b", outcome.Stdout);
        }

        foreach (var launcher in new[] { "test", "bench", "setup", "k8s-validate" })
        {
            Assert.Matches($@"(?m)^\s+{launcher}\s", outcome.Stdout);
        }
    }

    [Fact]
    public void Every_option_has_a_description_and_writes_its_default_one_way()
    {
        foreach (var option in OptionDefaults.Options(Program.Commands()))
        {
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{option.Name} has no description");
            var description = option.Description!;
            var mentions = description.Split("default").Length - 1;
            if (mentions > 0)
            {
                Assert.True(
                    mentions == 1 && description.EndsWith(']') && description.Contains("[default: ", StringComparison.Ordinal) && !OptionDefaults.ShowsItsOwnDefault(option),
                    $"{option.Name}: '{description}' should end with one [default: X], or leave a value default to DefaultValueFactory");
            }
        }
    }

    [Fact]
    public void One_device_is_device_and_several_are_devices()
    {
        foreach (var option in OptionDefaults.Options(Program.Commands()).Where(o => o.Name.StartsWith("--device", StringComparison.Ordinal)))
        {
            var many = option.ValueType.IsArray;
            Assert.Equal(many ? "--devices" : "--device", option.Name);
        }
    }
}
