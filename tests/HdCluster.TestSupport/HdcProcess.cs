using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace HdCluster.TestSupport;

/// <summary>
/// The <c>hdc</c> CLI as a real process: the build beside these tests (the test project references the CLI),
/// with the repository's native library and DuckDB, and the shared data unless a test says otherwise. Every
/// wait is bounded; on timeout the process tree is killed and the test fails with everything it printed. Every
/// output line is also kept with the moment it arrived (<see cref="WaitForLineAsync"/>), for tests that time what a
/// process says, such as a cluster node's failover.
/// </summary>
public sealed partial class HdcProcess : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private const int Sigint = 2;

    private static readonly Lazy<string> TestCache = new(() => Directory.CreateTempSubdirectory("hdc-test-cache-").FullName);

    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly List<(DateTime At, string Line)> lines = [];
    private readonly string commandLine;

    private HdcProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args, string? name = null, IReadOnlyCollection<string>? unset = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hdc.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HDC_DATA"] = TestPaths.DataRoot;
        var native = Path.Combine(TestPaths.RepositoryRoot, "build", "native");
        if (File.Exists(Path.Combine(native, "libhdc_torch.so")))
        {
            start.Environment["HDC_NATIVE_DIR"] = native;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // hdc run keeps measured slot plans in the user's cache; tests keep theirs apart (a test may still name its own).
        start.Environment["XDG_CACHE_HOME"] = TestCache.Value;
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        foreach (var variable in unset ?? [])
        {
            start.Environment.Remove(variable);
        }

        commandLine = "hdc " + string.Join(' ', args);
        Name = name ?? commandLine;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    /// <summary>What the test calls this process (a cluster node's role), else its command line.</summary>
    public string Name { get; }

    public bool HasExited
    {
        get
        {
            try
            {
                return process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public int ExitCode => process.ExitCode;

    public string Stdout => Read(stdout);

    public string Stderr => Read(stderr);

    /// <summary>Everything printed, with Spectre's line wrapping undone (runs of white space become one space).</summary>
    public string Text => Whitespace().Replace($"{Stdout}\n{Stderr}", " ");

    public static HdcProcess Start(string workingDirectory, params string[] args) => new(workingDirectory, new Dictionary<string, string>(), args);

    public static HdcProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) => new(workingDirectory, environment, args);

    /// <summary>Starts hdc with the variables in <paramref name="unset"/> removed from the environment it inherits
    /// (what a user who never set them runs with).</summary>
    public static HdcProcess StartWithout(IReadOnlyCollection<string> unset, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(workingDirectory, environment, args, unset: unset);

    /// <summary>Starts hdc under a name the failure messages use (e.g. "worker-2").</summary>
    public static HdcProcess StartNamed(string name, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) => new(workingDirectory, environment, args, name);

    /// <summary>Stdout and stderr lines in the order they arrived.</summary>
    public string Output
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines.Select(l => l.Line));
            }
        }
    }

    /// <summary>Waits (bounded) for a line matching <paramref name="pattern"/>; returns it and when it arrived.</summary>
    public async Task<(DateTime At, Match Match)> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (lines)
            {
                foreach (var (at, line) in lines)
                {
                    if (regex.Match(line) is { Success: true } match)
                    {
                        return (at, match);
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{Name}: no line matching /{pattern}/ within {timeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public bool HasLine(string pattern)
    {
        var regex = new Regex(pattern);
        lock (lines)
        {
            return lines.Any(l => regex.IsMatch(l.Line));
        }
    }

    /// <summary>Waits for the exit from synchronous code (a helper's short-lived command); kills and fails after <paramref name="bound"/>.</summary>
    public int WaitForExit(TimeSpan bound)
    {
        if (!process.WaitForExit(bound))
        {
            Kill();
            Assert.Fail($"{Name} did not exit within {bound.TotalSeconds} s:\n{Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Runs hdc to its end (within <see cref="Bound"/>).</summary>
    public static async Task<HdcProcess> RunAsync(string workingDirectory, params string[] args)
    {
        var hdc = Start(workingDirectory, args);
        await hdc.WaitAsync();
        return hdc;
    }

    public static async Task<HdcProcess> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var hdc = Start(workingDirectory, environment, args);
        await hdc.WaitAsync();
        return hdc;
    }

    /// <summary>Waits for the exit and returns its code; kills the process and fails the test after <paramref name="bound"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan? bound = null)
    {
        using var timeout = new CancellationTokenSource(bound ?? Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"'{commandLine}' did not end within {(bound ?? Bound).TotalSeconds} s; it printed:\n{Stdout}\n{Stderr}");
        }

        // The exit can come before the last output lines are read; this waits for the streams' end.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails (killing the process) if the process ends first or time runs out.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                Assert.Fail($"'{commandLine}' ended (code {process.ExitCode}) before {what}; it printed:\n{Stdout}\n{Stderr}");
            }

            if (clock.Elapsed > Bound)
            {
                Kill();
                Assert.Fail($"'{commandLine}': no {what} within {Bound.TotalSeconds} s; it printed:\n{Stdout}\n{Stderr}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL to the process and its children: no handler runs, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGINT, as Ctrl-C in a terminal sends.</summary>
    public void Interrupt() => Assert.Equal(0, SendSignal(process.Id, Sigint));

    public string Describe() => $"'{commandLine}' printed:\n{Stdout}\n{Stderr}";

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add((DateTime.UtcNow, line));
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
