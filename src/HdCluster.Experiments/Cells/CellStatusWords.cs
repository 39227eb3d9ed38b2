namespace HdCluster.Experiments;

/// <summary>The one word for each <see cref="CellStatus"/>, as stored in the results' <c>status</c> column.</summary>
public static class CellStatusWords
{
    public const string Completed = "completed";
    public const string Diverged = "diverged";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    /// <summary>The statuses whose cells are finished for good: a resumed sweep skips them.</summary>
    public static readonly IReadOnlyList<CellStatus> Finished = [CellStatus.Completed, CellStatus.Diverged];

    public static string Word(this CellStatus status) => status switch
    {
        CellStatus.Completed => Completed,
        CellStatus.Diverged => Diverged,
        CellStatus.Cancelled => Cancelled,
        CellStatus.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown cell status"),
    };

    /// <summary>The status a stored word stands for, or null for a word that is none.</summary>
    public static CellStatus? Parse(string? word) => word switch
    {
        Completed => CellStatus.Completed,
        Diverged => CellStatus.Diverged,
        Cancelled => CellStatus.Cancelled,
        Failed => CellStatus.Failed,
        _ => null,
    };

    /// <summary>True when a cell with this stored status needs no further run.</summary>
    public static bool IsFinished(string? word) => Parse(word) is { } status && Finished.Contains(status);
}
