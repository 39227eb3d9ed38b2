namespace HdCluster.Results;

/// <summary>
/// The column types a result table can hold: what hyperparameters and metrics need, and each
/// maps to one Parquet/DuckDB type (VARCHAR, DOUBLE, BIGINT, BOOLEAN, TIMESTAMP in UTC).
/// </summary>
public enum ColumnType
{
    Varchar,
    Double,
    BigInt,
    Boolean,
    Timestamp,
}
