namespace HdCluster.Experiments;

/// <summary>The kind of value a result column holds, named as the SQL the results are queried with names it.</summary>
public enum ValueKind
{
    BigInt,
    Double,
    Varchar,
    Boolean,
    Timestamp,
}
