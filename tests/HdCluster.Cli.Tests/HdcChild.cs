using System.Diagnostics;
using System.Text;

namespace HdCluster.Cli.Tests;

/// <summary>
/// <c>hdc</c> as a process of its own (the build beside these tests), for what is per process: the environment
/// native code sees, and output into a pipe. Stdout and stderr are pipes; the wait is bounded and a process
/// still running then is killed and the test fails with what it printed.
/// </summary>
internal static class HdcChild
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <param name="environment">Variables to set, or with a null value to remove.</param>
    public static CliOutcome Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hdc.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Bound))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hdc {string.Join(' ', args)} did not end within {Bound}: {Read(stderr)}");
        }

        process.WaitForExit();
        return new CliOutcome(process.ExitCode, Read(stdout), Read(stderr));
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
