using Spectre.Console;

namespace HdCluster.Cli;

/// <summary>How wide Spectre may draw. Redirected, Spectre assumes 80 columns and wraps every wider table
/// over several lines, which no script can read back: a pipe gets no limit instead. A terminal keeps
/// Spectre's own reading of the window, which follows a resize.</summary>
internal static class ConsoleWidth
{
    /// <summary>Wide enough for any table row we print; Spectre sizes a table to its content, not to this.</summary>
    public const int Unlimited = 100_000;

    public static void Apply()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Unlimited;
        }
    }
}
