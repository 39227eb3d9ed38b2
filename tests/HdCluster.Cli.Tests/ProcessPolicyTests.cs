using HdCluster.Data;

namespace HdCluster.Cli.Tests;

/// <summary>
/// The CLI sets OMP_WAIT_POLICY where libgomp reads it (the C library's environment) before libtorch loads.
/// libgomp itself reports what it read when OMP_DISPLAY_ENV=verbose: PASSIVE shows as a spin count of 0;
/// left unset it would spin 300,000 times. Run as a child process, since the policy is per process.
/// </summary>
public sealed class ProcessPolicyTests : IDisposable
{
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
        var environment = new Dictionary<string, string> { ["OMP_DISPLAY_ENV"] = "verbose" };
        if (policy is not null)
        {
            environment["OMP_WAIT_POLICY"] = policy;
        }

        using var hdc = HdcProcess.StartWithout(
            policy is null ? ["OMP_WAIT_POLICY"] : [],
            work.Path,
            environment,
            "train", "--model", "logreg", "-o", "sgd(lr=0.1)", "--steps", "1", "--train-limit", "16", "--valid-limit", "16", "--threads", "1",
            "--out", Path.Combine(work.Path, "out"), "--data", new DataRootResolver().Resolve(null, null).Path);

        var code = hdc.WaitForExit(HdcProcess.Bound);
        Assert.True(code == 0, $"exit code {code}: {hdc.Describe()}");
        return hdc.Stderr;
    }
}
