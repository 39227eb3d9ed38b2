namespace HdCluster.Reports.Charts;

/// <summary>
/// A grid of values over two category axes, coloured through a <see cref="ColorMap"/> and explained by a
/// colour bar. Diverged cells are hatched and crossed, missing ones left pale, so neither can be mistaken
/// for a value.
/// </summary>
public sealed class Heatmap
{
    private readonly HeatCell[,] cells;

    public Heatmap(IReadOnlyList<string> columns, IReadOnlyList<string> rows)
    {
        if (columns.Count == 0 || rows.Count == 0)
        {
            throw new ArgumentException("A heatmap needs at least one row and one column.");
        }

        Columns = columns;
        Rows = rows;
        cells = new HeatCell[rows.Count, columns.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                cells[r, c] = HeatCell.Missing;
            }
        }
    }

    /// <summary>Labels of the columns, left to right (the x axis).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Labels of the rows, bottom to top (the y axis).</summary>
    public IReadOnlyList<string> Rows { get; }

    public ColorMap Map { get; init; } = ColorMap.Viridis;

    /// <summary>How values map to colours; Auto picks log where they span decades.</summary>
    public ScaleKind ColorScale { get; init; } = ScaleKind.Auto;

    /// <summary>Fixed colour limits, so that several heatmaps can share one colour meaning.</summary>
    public double? ColorMin { get; init; }

    public double? ColorMax { get; init; }

    public string ColorLabel { get; init; } = "";

    /// <summary>Whether each cell also prints its value.</summary>
    public bool Annotate { get; init; } = true;

    public HeatCell this[int row, int column]
    {
        get => cells[row, column];
        set => cells[row, column] = value;
    }

    public IEnumerable<double> Values
    {
        get
        {
            foreach (var cell in cells)
            {
                if (cell.State == HeatCellState.Value)
                {
                    yield return cell.Value;
                }
            }
        }
    }

    public bool AnyDiverged => cells.Cast<HeatCell>().Any(c => c.State == HeatCellState.Diverged);

    /// <summary>The colour scale: fitted to the values unless limits are given.</summary>
    public Scale ColorScaleFor() => Scale.Fit(ColorScale, Values, ColorMin, ColorMax);
}
