using HdCluster.Experiments;

namespace HdCluster.Results;

/// <summary>
/// What the cells row of one attempt of a cell is made from: the cell (id, settings, template variables), how the
/// attempt ended (<see cref="Status"/>, and <see cref="Result"/> unless it produced none) and where it ran.
/// </summary>
/// <param name="Attempt">Unique per run of the cell (see <see cref="ResultsStore.AttemptColumn"/>).</param>
/// <param name="Attempts">How many times the cell has been tried, this one included.</param>
/// <param name="Host">The machine; by default this one.</param>
/// <param name="GroupId">The fused group the cell trained in; null when it trained alone.</param>
public sealed record CellRow(
    string Sweep,
    string CellId,
    CellConfig Config,
    IReadOnlyDictionary<string, string> Variables,
    string Attempt,
    int Attempts,
    CellStatus Status,
    CellResult? Result,
    string Device,
    string Worker,
    string? Error = null,
    string? Host = null,
    string? GroupId = null);
