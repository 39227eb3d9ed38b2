using System.Diagnostics;
using System.Text;
using HdCluster.Data;

namespace HdCluster.Cli.Tests;

/// <summary>
/// The CLI sets OMP_WAIT_POLICY where libgomp reads it (the C library's environment) before libtorch loads.
/// libgomp itself reports what it read when OMP_DISPLAY_ENV=verbose: PASSIVE shows as a spin count of 0;
/// left unset it would spin 300,000 times. Run as a child process, since the policy is per process.
/// </summary>
public sealed class ProcessPolicyTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void Training_runs_with_passive_waiting_when_the_user_set_no_policy()
    {
        var stderr = TrainInChild(policy: null);

        Assert.Contains("OMP_WAIT_POLICY = 'PASSIVE'", stderr, StringComparison.Ordinal);
        Assert.Contains("GOMP_SPINCOUNT = '0'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_the_user_set_is_kept()
    {
        var stderr = TrainInChild(policy: "ACTIVE");

        Assert.Contains("OMP_WAIT_POLICY = 'ACTIVE'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("GOMP_SPINCOUNT = '0'", stderr, StringComparison.Ordinal);
    }

    private string TrainInChild(string? policy)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = work.Path,
        };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "hdc.dll"), "train", "--model", "logreg", "-o", "sgd(lr=0.1)", "--steps", "1",
            "--train-limit", "16", "--valid-limit", "16", "--threads", "1", "--out", Path.Combine(work.Path, "out"),
            "--data", new DataRootResolver().Resolve(null, null).Path,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("OMP_WAIT_POLICY");
        if (policy is not null)
        {
            start.Environment["OMP_WAIT_POLICY"] = policy;
        }

        start.Environment["OMP_DISPLAY_ENV"] = "verbose";
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
            Assert.Fail($"hdc train did not end within {Bound}: {stderr}");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {stderr}{stdout}");
        return Read(stderr);
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
