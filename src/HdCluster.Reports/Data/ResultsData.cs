using HdCluster.Experiments;
using System.Globalization;
using HdCluster.Results;

namespace HdCluster.Reports.Data;

/// <summary>
/// A sweep's results read whole into memory for a report: every cell, and every cell's step and epoch
/// records. What a column is (setting, variable, hyperparameter, outcome, provenance) comes from the Experiments
/// result schema; provenance such as the fused group a cell trained in is never a setting a figure splits by.
/// Columns are found by name, so results from older or newer writers with more or fewer columns still load;
/// what is missing reads as NaN or empty.
/// </summary>
public sealed class ResultsData
{
    /// <summary>
    /// Settings a sweep may vary besides its variables, in the order a reader groups by them: the result schema's
    /// settings but the optimizer, which is the method every figure tells apart.
    /// </summary>
    internal static readonly string[] SettingColumns =
        [.. ResultSchema.Cells.Where(c => c.Role == ColumnRole.Setting && c.Name != "optimizer").Select(c => c.Name)];

    private readonly Dictionary<string, CellCurves> curves;

    public ResultsData(IReadOnlyList<CellRow> cells, IReadOnlyList<HyperparameterColumn> hyperparameters, Dictionary<string, CellCurves> curves)
    {
        Cells = cells;
        Hyperparameters = hyperparameters;
        this.curves = curves;
        Variables = cells.SelectMany(c => c.Variables.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<CellRow> Cells { get; }

    /// <summary>The hyperparameter columns of the curves, ordered by level then name.</summary>
    public IReadOnlyList<HyperparameterColumn> Hyperparameters { get; }

    /// <summary>Names of the template variables any cell has.</summary>
    public IReadOnlyList<string> Variables { get; }

    public IEnumerable<string> SweepNames => Cells.Select(c => c.Sweep).Distinct(StringComparer.Ordinal);

    /// <summary>The cell's curves (empty when it recorded none).</summary>
    public CellCurves CurvesOf(CellRow cell) => curves.TryGetValue(cell.CellId, out var c) ? c : new CellCurves();

    /// <summary>Reads everything from a results folder (without <paramref name="curves"/>, the cells only); a folder without results gives no cells.</summary>
    public static ResultsData Load(ResultsStore store, bool curves = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.CompletedCellIds().Count == 0)
        {
            return new ResultsData([], [], []);
        }

        var cellRows = store.Query("SELECT * FROM cells ORDER BY cell_id");
        var curveRows = curves ? store.Query("SELECT * FROM curves ORDER BY cell_id, kind, step") : null;
        var hyper = (curveRows?.Columns.Select(c => c.Name) ?? [])
            .Concat(cellRows.Columns.Select(c => c.Name).Where(HyperparameterColumn.IsHyperparameter))
            .Where(n => !ResultSchema.IsFixedCurveColumn(n))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(HyperparameterColumn.Parse)
            .OrderBy(h => h.Level).ThenBy(h => h.Name, StringComparer.Ordinal)
            .ToArray();
        var cellColumns = RowReader.Columns(cellRows);
        var cells = cellRows.Rows.Select(row => ReadCell(new RowReader(cellColumns, row), hyper)).ToArray();
        return new ResultsData(cells, hyper, curveRows is null ? [] : ReadCurves(curveRows, hyper));
    }

    private static CellRow ReadCell(RowReader row, IReadOnlyList<HyperparameterColumn> hyper)
    {
        var variables = new Dictionary<string, Variable>(StringComparer.Ordinal);
        // Columns beyond the schema's fixed ones are template variables or hyperparameters (L1.lr, ...).
        foreach (var column in row.ColumnNames.Where(n => !ResultSchema.IsFixedCellColumn(n) && !HyperparameterColumn.IsHyperparameter(n) && !hyper.Any(h => h.Column.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            switch (row.Value(column))
            {
                case double d:
                    variables[column] = new Variable(d.ToString("R", CultureInfo.InvariantCulture), d);
                    break;
                case long l:
                    variables[column] = new Variable(l.ToString(CultureInfo.InvariantCulture), l);
                    break;
                case string s:
                    variables[column] = new Variable(s, double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null);
                    break;
            }
        }

        var optimizer = row.Text("optimizer") ?? "";
        return new CellRow
        {
            Sweep = row.Text("sweep") ?? "",
            CellId = row.Text("cell_id") ?? "",
            Status = row.Text("status") ?? CellStatusWords.Completed,
            Model = row.Text("model") ?? "",
            Dataset = row.Text("dataset") ?? "",
            Optimizer = optimizer,
            Method = MethodSpec.Parse(optimizer),
            Settings = SettingColumns.Where(row.Has).ToDictionary(c => c, c => row.Display(c), StringComparer.Ordinal),
            Variables = variables,
            FinalHyperparameters = hyper.Where(h => row.Has(h.Column)).ToDictionary(h => h.Column, h => row.Double(h.Column), StringComparer.OrdinalIgnoreCase),
            FinalTrainLoss = row.Double("final_train_loss"),
            FinalValidLoss = row.Double("final_valid_loss"),
            FinalValidAccuracy = row.Double("final_valid_accuracy"),
            StepsDone = row.Long("steps_done"),
            EpochsDone = row.Long("epochs_done"),
            WallSeconds = row.Double("wall_seconds"),
            Device = row.Text("device") ?? "",
            Host = row.Text("host") ?? "",
            GroupId = row.Text("group_id"),
            Attempts = row.Long("attempts") ?? 1,
            Error = row.Text("error"),
            DivergedAtStep = row.Long("diverged_at_step"),
            DivergedQuantity = row.Text("diverged_quantity"),
            FinishedAt = row.Value("finished_at") as DateTime?,
        };
    }

    private static Dictionary<string, CellCurves> ReadCurves(QueryResult result, IReadOnlyList<HyperparameterColumn> hyper)
    {
        var curves = new Dictionary<string, CellCurves>(StringComparer.Ordinal);
        var columns = RowReader.Columns(result);
        foreach (var values in result.Rows)
        {
            var row = new RowReader(columns, values);
            var cellId = row.Text("cell_id") ?? "";
            if (!curves.TryGetValue(cellId, out var cell))
            {
                curves[cellId] = cell = new CellCurves();
            }

            var hyperValues = hyper.Select(h => row.Double(h.Column)).ToArray();
            var step = row.Long("step") ?? 0;
            var epoch = row.Long("epoch") ?? 0;
            if (row.Text("kind") == "epoch")
            {
                cell.Epochs.Add(new EpochPoint(step, epoch, row.Double("train_loss"), row.Double("valid_loss"), row.Double("valid_accuracy"), row.Double("wall_seconds"), hyperValues));
            }
            else
            {
                cell.Steps.Add(new StepPoint(step, epoch, row.Double("loss"), hyperValues));
            }
        }

        foreach (var cell in curves.Values)
        {
            cell.Epochs.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));
        }

        return curves;
    }
}
