using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>A sweep as the cluster records it in <c>hdc:{sweep}:meta</c>.</summary>
/// <param name="State">submitted, running, finished or cancelled.</param>
/// <param name="Submission">The id of the submission entry that started this run of the sweep.</param>
/// <param name="Definition">The sweep file's text, so every process expands the very same cells.</param>
/// <param name="Source">The sweep file's name, which names the sweep when the file has no <c>name:</c>.</param>
/// <param name="Fuse">The submitter's <c>--fuse</c>, which overrides the definition's <c>fuse:</c>; null: none given.</param>
public sealed record SweepMeta(
    string Name,
    string State,
    string Submission,
    string Definition,
    string Source,
    int Total,
    string ResultsFolder,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? FinishedAt,
    string? Fuse = null)
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Cancelled = "cancelled";

    public HashEntry[] ToHash() =>
    [
        new("name", Name), new("state", State), new("submission", Submission), new("definition", Definition), new("source", Source),
        new("total", Total), new("results_folder", ResultsFolder), new("submitted_at", SubmittedAt?.ToUnixTimeMilliseconds() ?? 0),
        new("fuse", Fuse ?? ""),
    ];

    public static SweepMeta? From(HashEntry[] hash)
    {
        if (hash.Length == 0)
        {
            return null;
        }

        var fields = hash.ToDictionary(h => h.Name.ToString(), h => h.Value);
        string Text(string name) => fields.TryGetValue(name, out var v) && !v.IsNull ? v.ToString() : "";
        long Number(string name) => fields.TryGetValue(name, out var v) && v.TryParse(out long n) ? n : 0;
        DateTimeOffset? Time(string name) => Number(name) is > 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new SweepMeta(Text("name"), Text("state"), Text("submission"), Text("definition"), Text("source"), (int)Number("total"), Text("results_folder"), Time("submitted_at"), Time("finished_at"), Text("fuse") is { Length: > 0 } fuse ? fuse : null);
    }
}
