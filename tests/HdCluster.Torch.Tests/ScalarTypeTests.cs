namespace HdCluster.Torch.Tests;

public class ScalarTypeTests
{
    [Theory]
    [InlineData("float32", ScalarType.Float32)]
    [InlineData("Float", ScalarType.Float32)]
    [InlineData("float64", ScalarType.Float64)]
    [InlineData("double", ScalarType.Float64)]
    [InlineData("int64", ScalarType.Int64)]
    [InlineData("long", ScalarType.Int64)]
    [InlineData("int32", ScalarType.Int32)]
    [InlineData("uint8", ScalarType.Byte)]
    [InlineData("bool", ScalarType.Bool)]
    [InlineData("bfloat16", ScalarType.BFloat16)]
    [InlineData("half", ScalarType.Float16)]
    public void ParseAcceptsPyTorchDtypeNames(string name, ScalarType expected) => Assert.Equal(expected, ScalarTypeInfo.Parse(name));

    [Fact]
    public void ParseRejectsUnknownNamesQuotingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => ScalarTypeInfo.Parse("complex64"));
        Assert.Contains("'complex64'", e.Message);
    }

    [Fact]
    public void ElementSizesMatchLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var type in new[] { ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64, ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool, ScalarType.BFloat16 })
        {
            var t = torch.zeros([3], type);
            Assert.Equal(type, t.dtype);
            Assert.Equal(type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16, type.IsFloatingPoint());
        }

        Assert.Equal(8, ScalarType.Float64.ElementSize());
        Assert.Equal(2, ScalarType.BFloat16.ElementSize());
        Assert.Equal(1, ScalarType.Bool.ElementSize());
    }

    [Fact]
    public void ManagedElementTypesMapToTheirScalarTypes()
    {
        Assert.Equal(ScalarType.Float32, ScalarTypeInfo.Of<float>());
        Assert.Equal(ScalarType.Float64, ScalarTypeInfo.Of<double>());
        Assert.Equal(ScalarType.Int64, ScalarTypeInfo.Of<long>());
        Assert.Equal(ScalarType.Int8, ScalarTypeInfo.Of<sbyte>());
        Assert.Equal(ScalarType.Int16, ScalarTypeInfo.Of<short>());
        Assert.Throws<NotSupportedException>(() => ScalarTypeInfo.Of<ulong>());
    }

    [Fact]
    public void HalfPrecisionTensorsConvertToAndFromFloat32()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new[] { 1.5f, -0.25f });
        Assert.Equal([1.5f, -0.25f], x.to(ScalarType.Float16).@float().data<float>());
        Assert.Equal([1.5f, -0.25f], x.to(ScalarType.BFloat16).@float().data<float>());
    }
}
