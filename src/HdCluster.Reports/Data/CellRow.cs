using HdCluster.Experiments;

namespace HdCluster.Reports.Data;

/// <summary>One finished cell of a sweep, as the <c>cells</c> table holds it, with its optimizer spec read.</summary>
public sealed class CellRow
{
    public required string Sweep { get; init; }

    public required string CellId { get; init; }

    public required string Status { get; init; }

    public required string Model { get; init; }

    public required string Dataset { get; init; }

    public required string Optimizer { get; init; }

    public required MethodSpec Method { get; init; }

    /// <summary>Settings that may differ between cells and that a reader groups by: model, dataset, batch_size, epochs, seed, ...; as text.</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>The sweep file's template variables (alpha_0, beta, height): numbers, or text where not numeric.</summary>
    public required IReadOnlyDictionary<string, Variable> Variables { get; init; }

    /// <summary>Final hyperparameter values by column (L1.lr, L2.alpha); NaN where not finite.</summary>
    public required IReadOnlyDictionary<string, double> FinalHyperparameters { get; init; }

    public double FinalTrainLoss { get; init; } = double.NaN;

    public double FinalValidLoss { get; init; } = double.NaN;

    public double FinalValidAccuracy { get; init; } = double.NaN;

    public long? StepsDone { get; init; }

    public long? EpochsDone { get; init; }

    public double WallSeconds { get; init; } = double.NaN;

    public string Device { get; init; } = "";

    public string Host { get; init; } = "";

    /// <summary>The fused group the cell trained in (provenance, never a setting: its wall time is the group's); null when it trained alone.</summary>
    public string? GroupId { get; init; }

    public long Attempts { get; init; }

    public string? Error { get; init; }

    public long? DivergedAtStep { get; init; }

    public string? DivergedQuantity { get; init; }

    public DateTime? FinishedAt { get; init; }

    public bool Completed => Status == CellStatusWords.Completed;

    public bool Diverged => Status == CellStatusWords.Diverged;

    /// <summary>The loss a table ranks cells by: validation loss where there is one, else training loss.</summary>
    public double RankingLoss => double.IsFinite(FinalValidLoss) ? FinalValidLoss : FinalTrainLoss;

    /// <summary>A variable's number, or null where the cell has none or it is text.</summary>
    public double? Number(string variable) => Variables.TryGetValue(variable, out var v) ? v.Number : null;
}

/// <summary>A template variable's value: its text, and its number where it is one.</summary>
public readonly record struct Variable(string Text, double? Number)
{
    public override string ToString() => Text;
}
