namespace HdCluster.Engine.Status;

/// <summary>
/// Marks a results folder as having a live run, so that a second run into it is refused instead of training the
/// same cells twice. The mark is an operating-system lock on <c>.hdc-run.lock</c>, held while the run lives: the
/// kernel drops it when the process ends however it ends, so a crashed run never leaves a live-looking lock. Who holds
/// it (process id and host) is written beside it, for the refusal to name.
/// </summary>
public sealed class RunLock : IDisposable
{
    private const string LockName = ".hdc-run.lock";
    private const string OwnerName = ".hdc-run.owner";

    private readonly FileStream held;

    private RunLock(FileStream held) => this.held = held;

    /// <summary>Takes the folder's lock, or returns null with a line naming the live run that holds it. A folder that
    /// cannot be written at all throws (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>): that
    /// is no other run's doing and must not be reported as one.</summary>
    public static RunLock? TryTake(string folder, out string? holder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            var stream = new FileStream(Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(folder, OwnerName), $"process {Environment.ProcessId} on {Environment.MachineName}, since {DateTimeOffset.UtcNow:u}");
            holder = null;
            return new RunLock(stream);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            var owner = Path.Combine(folder, OwnerName);
            holder = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "another process";
            return null;
        }
    }

    public void Dispose() => held.Dispose();

    // .NET reports a lock held elsewhere as an IOException carrying errno EWOULDBLOCK (11 on Linux, 35 on macOS);
    // every other failure (read-only or full disk, missing folder) is a different errno.
    private static bool IsLockConflict(IOException e) => e.HResult is 11 or 35;
}
