using System.Runtime.InteropServices;

namespace HdCluster.Results.Native;

/// <summary>Reads a materialized duckdb_result chunk by chunk into a <see cref="QueryResult"/>.</summary>
internal static unsafe class DuckDbResultReader
{
    internal static QueryResult Read(ResultHandle result)
    {
        var columnCount = checked((int)DuckDbNative.duckdb_column_count(result));
        var decoders = new DuckDbColumnDecoder[columnCount];
        for (var c = 0; c < columnCount; c++)
        {
            decoders[c] = CreateDecoder(result, c);
        }

        var rows = new List<IReadOnlyList<object?>>();
        var added = false;
        try
        {
            result.DangerousAddRef(ref added);
            // duckdb_fetch_chunk takes the struct by value; the copy shares DuckDB's internal state.
            var resultStruct = *(DuckDbResultStruct*)result.DangerousGetHandle();
            while (true)
            {
                var chunk = DuckDbNative.duckdb_fetch_chunk(resultStruct);
                if (chunk == IntPtr.Zero)
                {
                    break;
                }

                try
                {
                    ReadChunk(chunk, decoders, rows);
                }
                finally
                {
                    DuckDbNative.duckdb_destroy_data_chunk(ref chunk);
                }
            }
        }
        finally
        {
            if (added)
            {
                result.DangerousRelease();
            }
        }

        return new QueryResult(decoders.Select(d => d.Column).ToArray(), rows);
    }

    private static DuckDbColumnDecoder CreateDecoder(ResultHandle result, int column)
    {
        var name = Marshal.PtrToStringUTF8(DuckDbNative.duckdb_column_name(result, (ulong)column)) ?? $"column{column}";
        var type = DuckDbNative.duckdb_column_type(result, (ulong)column);
        byte width = 0, scale = 0;
        if (type == DuckDbType.Decimal)
        {
            var logicalType = DuckDbNative.duckdb_column_logical_type(result, (ulong)column);
            try
            {
                width = DuckDbNative.duckdb_decimal_width(logicalType);
                scale = DuckDbNative.duckdb_decimal_scale(logicalType);
            }
            finally
            {
                DuckDbNative.duckdb_destroy_logical_type(ref logicalType);
            }
        }

        return new DuckDbColumnDecoder(name, type, width, scale);
    }

    private static void ReadChunk(IntPtr chunk, DuckDbColumnDecoder[] decoders, List<IReadOnlyList<object?>> rows)
    {
        var size = checked((int)DuckDbNative.duckdb_data_chunk_get_size(chunk));
        var chunkRows = new object?[size][];
        for (var r = 0; r < size; r++)
        {
            chunkRows[r] = new object?[decoders.Length];
        }

        for (var c = 0; c < decoders.Length; c++)
        {
            var vector = DuckDbNative.duckdb_data_chunk_get_vector(chunk, (ulong)c);
            var data = DuckDbNative.duckdb_vector_get_data(vector);
            var validity = DuckDbNative.duckdb_vector_get_validity(vector);
            for (var r = 0; r < size; r++)
            {
                chunkRows[r][c] = decoders[c].Read(data, validity, r);
            }
        }

        rows.AddRange(chunkRows);
    }
}
