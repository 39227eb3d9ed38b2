namespace HdCluster.Torch;

/// <summary>Element types, numbered as libtorch's <c>c10::ScalarType</c> so codes cross the bridge unchanged.</summary>
public enum ScalarType
{
    Byte = 0,
    Int8 = 1,
    Int16 = 2,
    Int32 = 3,
    Int64 = 4,
    Float16 = 5,
    Float32 = 6,
    Float64 = 7,
    Bool = 11,
    BFloat16 = 15,
}

/// <summary>Sizes and managed counterparts of the element types.</summary>
public static class ScalarTypeInfo
{
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    /// <summary>The scalar type whose managed representation is <typeparamref name="T"/>.</summary>
    public static ScalarType Of<T>()
        where T : unmanaged => typeof(T) switch
        {
            var t when t == typeof(float) => ScalarType.Float32,
            var t when t == typeof(double) => ScalarType.Float64,
            var t when t == typeof(long) => ScalarType.Int64,
            var t when t == typeof(int) => ScalarType.Int32,
            var t when t == typeof(byte) => ScalarType.Byte,
            var t when t == typeof(sbyte) => ScalarType.Int8,
            var t when t == typeof(short) => ScalarType.Int16,
            var t when t == typeof(bool) => ScalarType.Bool,
            _ => throw new NotSupportedException($"no tensor element type corresponds to {typeof(T).Name}"),
        };

    /// <summary>Parses the names used in configuration files: float32, float64, int64, ...</summary>
    public static ScalarType Parse(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "float" => ScalarType.Float32,
        "float64" or "double" => ScalarType.Float64,
        "float16" or "half" => ScalarType.Float16,
        "bfloat16" => ScalarType.BFloat16,
        "int64" or "long" => ScalarType.Int64,
        "int32" or "int" => ScalarType.Int32,
        "uint8" or "byte" => ScalarType.Byte,
        "bool" => ScalarType.Bool,
        _ => throw new ArgumentException($"unknown dtype '{name}' (expected float32, float64, int64, int32, uint8 or bool)", nameof(name)),
    };
}
