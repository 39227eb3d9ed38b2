using System.Text.Json;
using System.Text.Json.Serialization;

namespace HdCluster.Training.Slots;

/// <summary>
/// Measured slot plans kept on disk, so that a rerun on the same machine does not calibrate again. A plan is valid for
/// a model shape (<see cref="SlotPlanner.ShapeKey"/>, which includes the cores) on one CPU model: another CPU, or
/// another core count, measures anew. One JSON file; a file that cannot be read or parsed is reported through
/// <see cref="Problem"/> and treated as empty (the next plan measured replaces it), never fatal.
/// </summary>
public sealed class SlotPlanCache
{
    public const string FileName = "slot-plans.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public SlotPlanCache(string folder, string? cpuModel = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Path = System.IO.Path.Combine(folder, FileName);
        CpuModel = cpuModel ?? ReadCpuModel();
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>The CPU the plans were measured on, part of every key.</summary>
    public string CpuModel { get; }

    /// <summary>Why the file was ignored the last time it was read (unreadable, not JSON); null when it was fine or absent.</summary>
    public string? Problem { get; private set; }

    /// <summary>The default folder: <c>$XDG_CACHE_HOME/hdcluster</c>, else <c>~/.cache/hdcluster</c>.</summary>
    public static string DefaultFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return System.IO.Path.Combine(root, "hdcluster");
    }

    public string Key(string shapeKey) => $"{shapeKey}|{CpuModel}";

    public SlotPlan? Find(string shapeKey)
    {
        var entries = Read();
        return entries.TryGetValue(Key(shapeKey), out var entry) && entry.Slots >= 1 && entry.ThreadsPerSlot >= 1 && entry.Reason is not null
            ? new SlotPlan(entry.Slots, entry.ThreadsPerSlot, entry.Reason)
            : null;
    }

    /// <summary>Keeps <paramref name="plan"/> for <paramref name="shapeKey"/>. Returns why it could not be written, or null.</summary>
    public string? Keep(string shapeKey, SlotPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var entries = Read();
        entries[Key(shapeKey)] = new Entry(plan.Slots, plan.ThreadsPerSlot, plan.Reason, DateTimeOffset.UtcNow);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);

            // Written whole then renamed, so two runs planning at once never leave half a file.
            var temporary = $"{Path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(entries, Json));
            File.Move(temporary, Path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the slot plan cannot be kept in {Path}: {e.Message}";
        }
    }

    private Dictionary<string, Entry> Read()
    {
        Problem = null;
        try
        {
            if (!File.Exists(Path))
            {
                return new Dictionary<string, Entry>(StringComparer.Ordinal);
            }

            var entries = JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(Path), Json);
            return entries is null ? [] : new Dictionary<string, Entry>(entries, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            Problem = $"the slot plan cache {Path} is ignored ({e.Message}); the plan is measured again";
            return new Dictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line?.Split(':', 2) is [_, var name] && name.Trim().Length > 0)
            {
                return name.Trim();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or /proc hidden: the architecture is the best we know.
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    private sealed record Entry(
        int Slots,
        int ThreadsPerSlot,
        string? Reason,
        [property: JsonPropertyName("measured_at")] DateTimeOffset MeasuredAt);
}
