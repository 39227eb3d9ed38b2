using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>A real <c>hdc</c> process; every output line is kept with the moment it arrived. Killed on dispose.</summary>
internal sealed class HdcProcess : IDisposable
{
    private readonly Process process;
    private readonly List<(DateTime At, string Line)> lines = [];
    private readonly Lock gate = new();

    public HdcProcess(string name, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Name = name;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TestPaths.Cli);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

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

    public string Output
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', lines.Select(l => l.Line));
            }
        }
    }

    /// <summary>Waits (bounded) for a line matching <paramref name="pattern"/>; returns when it arrived.</summary>
    public async Task<(DateTime At, Match Match)> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (gate)
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
                throw new TimeoutException($"{Name}: no line matching /{pattern}/ within {timeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public bool HasLine(string pattern)
    {
        var regex = new Regex(pattern);
        lock (gate)
        {
            return lines.Any(l => regex.IsMatch(l.Line));
        }
    }

    /// <summary>kill -9: no handler runs, the node says no goodbye.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Add((DateTime.UtcNow, line));
        }
    }
}
