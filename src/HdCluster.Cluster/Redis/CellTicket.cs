using System.Globalization;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// An entry of a sweep's cell stream: which cell of which submission of the sweep, and which attempt. The cell's
/// settings are not copied: workers read them from the sweep's definition in Redis, so the cell id (a hash of
/// the settings) and the settings can never disagree.
/// </summary>
public sealed record CellTicket(string Sweep, string CellId, int Attempt, string Submission)
{
    public NameValueEntry[] ToFields() =>
        [new("sweep", Sweep), new("cell", CellId), new("attempt", Attempt.ToString(CultureInfo.InvariantCulture)), new("submission", Submission)];

    /// <summary>Reads an entry, or says why it is not a cell ticket (a foreign or broken message).</summary>
    public static CellTicket? TryRead(StreamEntry entry, out string problem)
    {
        problem = "";
        if (entry.IsNull || entry.Values is null || entry.Values.Length == 0)
        {
            problem = "the entry has no fields (deleted or empty)";
            return null;
        }

        string? Field(string name) => entry[name] is { IsNullOrEmpty: false } v ? v.ToString() : null;
        var sweep = Field("sweep");
        var cell = Field("cell");
        var submission = Field("submission");
        if (sweep is null || cell is null || submission is null)
        {
            problem = "missing sweep, cell or submission";
            return null;
        }

        if (!int.TryParse(Field("attempt"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            problem = "attempt is not a positive whole number";
            return null;
        }

        return new CellTicket(sweep, cell, attempt, submission);
    }
}
