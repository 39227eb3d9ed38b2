using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>A loaded, fully checked sweep: the cells to run, in a fixed order, each with its stable id. The cells of a
/// loaded file are a <see cref="SweepCells"/>, built on demand.</summary>
/// <param name="Name">From <c>name:</c>, or the file name without its extension.</param>
/// <param name="Notes">Things worth knowing that are not errors, such as duplicate cells that were collapsed.</param>
public sealed record Sweep(
    string Name,
    string? Description,
    FuseSetting Fuse,
    IReadOnlyList<SweepCell> Cells,
    IReadOnlyList<string> Notes,
    string SourcePath)
{
    /// <summary>The grid's axes in file order; the cell count is their product plus the explicit cells, less duplicates.</summary>
    public IReadOnlyList<SweepAxis> Axes { get; init; } = [];
}

/// <summary>One cell of a sweep.</summary>
/// <param name="Id">Stable across sweeps and runs: see <see cref="CellIdentity"/>.</param>
/// <param name="Variables">The template variables this cell's optimizer used (and any its <c>cells:</c> entry set),
/// numbers written invariantly; they label the cell and do not enter its id.</param>
/// <param name="Origin">Where the cell came from: its explicit entry, or the grid.</param>
public sealed record SweepCell(
    string Id,
    CellConfig Config,
    IReadOnlyDictionary<string, string> Variables,
    SweepPosition Origin);
