namespace HdCluster.Results;

/// <summary>
/// A batch of result rows with its schema: ordered, typed columns and rows as value arrays.
/// The sweep engine decides the columns (hyperparameters and metrics differ per sweep), so the
/// schema is data, not a class. Values are checked and normalized as rows are added, so that a
/// bad value fails where it is produced rather than when the batch is written.
/// </summary>
public sealed class ResultTable
{
    private readonly ResultColumn[] columns;
    private readonly List<object?[]> rows = [];

    public ResultTable(params IEnumerable<ResultColumn> columns)
    {
        this.columns = columns.ToArray();
        if (this.columns.Length == 0)
        {
            throw new ArgumentException("A result table needs at least one column.", nameof(columns));
        }

        var duplicate = this.columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Column '{duplicate.Key}' appears more than once.", nameof(columns));
        }
    }

    public IReadOnlyList<ResultColumn> Columns => columns;

    public int RowCount => rows.Count;

    /// <summary>Rows as added, after normalization (integers widened to long, floats to double, times to UTC).</summary>
    public IEnumerable<IReadOnlyList<object?>> Rows => rows.Select(Array.AsReadOnly);

    /// <summary>
    /// Adds a row with one value per column, in column order. Accepted values: Varchar: string;
    /// Double: double, float or any integer; BigInt: any integer up to long; Boolean: bool;
    /// Timestamp: DateTime (Unspecified is taken as UTC) or DateTimeOffset; null where nullable.
    /// </summary>
    public ResultTable AddRow(params object?[] values)
    {
        if (values.Length != columns.Length)
        {
            throw new ArgumentException($"The row has {values.Length} value(s) but the table has {columns.Length} column(s).", nameof(values));
        }

        var row = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            row[i] = Normalize(columns[i], values[i]);
        }

        rows.Add(row);
        return this;
    }

    /// <summary>The position of a column, or -1.</summary>
    public int IndexOf(string columnName) => Array.FindIndex(columns, c => string.Equals(c.Name, columnName, StringComparison.OrdinalIgnoreCase));

    internal IReadOnlyList<object?[]> RawRows => rows;

    /// <summary>Values given for a TIMESTAMP column are stored as UTC; Unspecified is taken to be UTC already.</summary>
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    private static object? Normalize(ResultColumn column, object? value)
    {
        if (value is null)
        {
            return column.Nullable ? null : throw new ArgumentException($"Column '{column.Name}' is not nullable but the value is null.");
        }

        object? normalized = (column.Type, value) switch
        {
            (ColumnType.Varchar, string text) => text,
            (ColumnType.Double, double number) => number,
            (ColumnType.Double, float number) => (double)number,
            (ColumnType.Double, long or int or short or sbyte or byte or ushort or uint) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            (ColumnType.BigInt, long or int or short or sbyte or byte or ushort or uint) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            (ColumnType.Boolean, bool flag) => flag,
            (ColumnType.Timestamp, DateTime time) => ToUtc(time),
            (ColumnType.Timestamp, DateTimeOffset time) => time.UtcDateTime,
            _ => null,
        };
        return normalized ?? throw new ArgumentException(
            $"Column '{column.Name}' is {column.Type} but the value {value} is a {value.GetType().Name}.");
    }
}
