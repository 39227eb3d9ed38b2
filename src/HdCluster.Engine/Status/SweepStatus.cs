using System.Text.Json;

namespace HdCluster.Engine.Status;

/// <summary>A cell in flight: on which worker, since when, which attempt, and in which fused group (null: alone).</summary>
public sealed record RunningCell(string CellId, string Worker, DateTimeOffset Since, int Attempt, string? Group = null);

/// <summary>The coordinator's view of a sweep at one moment, as kept in <c>status.json</c> beside the results.</summary>
public sealed record SweepStatus(
    string Sweep,
    int ProcessId,
    string Host,
    DateTimeOffset UpdatedAt,
    int Total,
    int SkippedAsDone,
    int Pending,
    IReadOnlyList<RunningCell> Running,
    int Completed,
    int Diverged,
    int Failed,
    bool Finished)
{
    public const string FileName = "status.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Write(string folder, SweepStatus status)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(status, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public static SweepStatus? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<SweepStatus>(File.ReadAllText(path), Json) : null;
    }

    /// <summary>True when the process that wrote it is still alive on this host.</summary>
    public bool WriterAlive()
    {
        if (Host != Environment.MachineName || Finished)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(ProcessId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
