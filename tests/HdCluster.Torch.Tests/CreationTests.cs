namespace HdCluster.Torch.Tests;

/// <summary>Factories, seeded random draws, and copies between managed arrays and tensors.</summary>
public class CreationTests
{
    [Fact]
    public void ZerosOnesAndFullHaveTheRequestedShapeDtypeAndValue()
    {
        using var scope = torch.NewDisposeScope();
        var zeros = torch.zeros(2, 3);
        Assert.Equal([2L, 3], zeros.shape);
        Assert.Equal(ScalarType.Float32, zeros.dtype);
        Assert.All(zeros.data<float>(), v => Assert.Equal(0f, v));

        var ones = torch.ones([4], ScalarType.Int64);
        Assert.Equal([1L, 1, 1, 1], ones.data<long>());

        var full = torch.full([2, 2], 2.5, ScalarType.Float64);
        Assert.Equal([2.5, 2.5, 2.5, 2.5], full.data<double>());
    }

    [Fact]
    public void FactoriesHonourRequiresGrad()
    {
        using var scope = torch.NewDisposeScope();
        Assert.True(torch.zeros([2], requires_grad: true).requires_grad);
        Assert.True(torch.ones([2], requires_grad: true).requires_grad);
        Assert.True(torch.full([2], 1.0, requires_grad: true).requires_grad);
        Assert.True(torch.empty([2], requires_grad: true).requires_grad);
        Assert.True(torch.scalar(1.0, requires_grad: true).requires_grad);
        Assert.False(torch.zeros([2]).requires_grad);
    }

    [Fact]
    public void IntegerTensorsCannotRequireGrad()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => torch.zeros([2], ScalarType.Int64, requires_grad: true));
        Assert.Contains("floating point", e.Message);
    }

    [Fact]
    public void ScalarIsAZeroDimensionalTensor()
    {
        using var scope = torch.NewDisposeScope();
        var s = torch.scalar(4.5, ScalarType.Float64);
        Assert.Equal(0, s.dim());
        Assert.Empty(s.shape);
        Assert.Equal(1, s.numel());
        Assert.Equal(4.5, s.item());
    }

    [Fact]
    public void ArangeOfIntegersIsInt64AndExcludesTheEnd()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal([0L, 1, 2, 3, 4], a.data<long>());
        Assert.Equal([2L, 5, 8], torch.arange(2, 10, 3).data<long>());
    }

    [Fact]
    public void ArangeWithAFractionalStepIsFloatingPointAsInPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(0, 1, 0.25);
        Assert.Equal(torch.default_dtype, a.dtype);
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f], a.data<float>());
        Assert.Equal([1.0, 1.5], torch.arange(1, 2, 0.5, ScalarType.Float64).data<double>());
    }

    [Fact]
    public void LikeFactoriesCopyShapeAndDtype()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([2, 3], ScalarType.Float64);
        foreach (var like in new[] { torch.zeros_like(t), torch.ones_like(t), torch.full_like(t, 7), torch.empty_like(t) })
        {
            Assert.Equal([2L, 3], like.shape);
            Assert.Equal(ScalarType.Float64, like.dtype);
        }

        Assert.All(torch.full_like(t, 7).data<double>(), v => Assert.Equal(7.0, v));
        Assert.All(torch.ones_like(t).data<double>(), v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void RandIsUniformInTheUnitIntervalAndReproducibleFromASeed()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(42);
        using var b = new Generator(42);
        var x = torch.rand([10_000], a, ScalarType.Float64).data<double>();
        Assert.Equal(x, torch.rand([10_000], b, ScalarType.Float64).data<double>());
        Assert.All(x, v => Assert.InRange(v, 0.0, 1.0 - double.Epsilon));
        Assert.InRange(x.Average(), 0.48, 0.52);
    }

    [Fact]
    public void RandnHasZeroMeanUnitVarianceAndIsReproducibleFromASeed()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(43);
        using var b = new Generator(43);
        var x = torch.randn([20_000], a, ScalarType.Float64).data<double>();
        Assert.Equal(x, torch.randn([20_000], b, ScalarType.Float64).data<double>());
        var mean = x.Average();
        var variance = x.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentDraws()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(1);
        using var b = new Generator(2);
        Assert.NotEqual(torch.randn([16], a).data<float>(), torch.randn([16], b).data<float>());
    }

    [Fact]
    public void SuccessiveDrawsFromOneGeneratorDifferUntilItIsReseeded()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(9);
        var first = torch.rand([8], g).data<float>();
        var second = torch.rand([8], g).data<float>();
        Assert.NotEqual(first, second);
        g.manual_seed(9);
        Assert.Equal(first, torch.rand([8], g).data<float>());
    }

    [Fact]
    public void RandintStaysInTheHalfOpenRangeAndCoversIt()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(44);
        using var h = new Generator(44);
        var x = torch.randint(-3, 4, [5000], g);
        Assert.Equal(ScalarType.Int64, x.dtype);
        var values = x.data<long>();
        Assert.All(values, v => Assert.InRange(v, -3, 3));
        Assert.Equal(7, values.Distinct().Count());
        Assert.Equal(values, torch.randint(-3, 4, [5000], h).data<long>());
    }

    [Fact]
    public void RandpermIsAReproduciblePermutation()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(45);
        using var h = new Generator(45);
        var p = torch.randperm(100, g).data<long>();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), p);
        Assert.Equal(p, torch.randperm(100, h).data<long>());
    }

    [Fact]
    public void TensorFromArrayRoundTripsThroughData()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal([1.5f, -2f], torch.tensor(new[] { 1.5f, -2f }).data<float>());
        Assert.Equal([1.5, -2], torch.tensor(new[] { 1.5, -2 }).data<double>());
        Assert.Equal([long.MaxValue, long.MinValue], torch.tensor(new[] { long.MaxValue, long.MinValue }).data<long>());
        Assert.Equal([7, -7], torch.tensor(new[] { 7, -7 }).data<int>());
        Assert.Equal([(byte)0, (byte)255], torch.tensor(new byte[] { 0, 255 }).data<byte>());
        Assert.Equal([true, false, true], torch.tensor(new[] { true, false, true }).data<bool>());
    }

    [Fact]
    public void TensorFromArrayTakesTheDtypeOfTheElementType()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(ScalarType.Float32, torch.tensor(new[] { 1f }).dtype);
        Assert.Equal(ScalarType.Float64, torch.tensor(new[] { 1.0 }).dtype);
        Assert.Equal(ScalarType.Int64, torch.tensor(new[] { 1L }).dtype);
        Assert.Equal(ScalarType.Int32, torch.tensor(new[] { 1 }).dtype);
        Assert.Equal(ScalarType.Bool, torch.tensor(new[] { true }).dtype);
    }

    [Fact]
    public void TensorFromArrayIsRowMajorInTheGivenShape()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal([2L, 3], t.shape);
        Assert.Equal(6.0, t[1].select(0, 2).item());
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.t().contiguous().data<double>());
        Assert.Equal([1.0, 4, 2, 5, 3, 6], t.t().data<double>());
    }

    [Fact]
    public void TensorCopiesTheArraySoLaterChangesDoNotLeakIn()
    {
        using var scope = torch.NewDisposeScope();
        var source = new[] { 1.0, 2.0 };
        var t = torch.tensor(source);
        source[0] = 99;
        Assert.Equal([1.0, 2.0], t.data<double>());
    }

    [Fact]
    public void TensorWithAShapeThatDoesNotHoldTheDataIsAnArgumentException()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => torch.tensor(new double[] { 1, 2, 3 }, [2, 2]));
        Assert.Contains("holds 4 elements", e.Message);
    }

    [Fact]
    public void TensorFromSpanWithRequiresGradIsALeafRequiringGrad()
    {
        using var scope = torch.NewDisposeScope();
        ReadOnlySpan<double> span = [1, 2, 3];
        var t = torch.tensor(span, requires_grad: true);
        Assert.True(t.requires_grad);
        Assert.True(t.is_leaf);
    }

    [Fact]
    public void EmptyTensorsRoundTripThroughData()
    {
        using var scope = torch.NewDisposeScope();
        var empty = torch.tensor(Array.Empty<double>());
        Assert.Equal([0L], empty.shape);
        Assert.Empty(empty.data<double>());
        var rows = torch.tensor(Array.Empty<float>(), [0, 3]);
        Assert.Equal([0L, 3], rows.shape);
        Assert.Equal(0, rows.numel());
        Assert.Equal(0.0, rows.sum().item());
    }

    [Fact]
    public void CopyToFillsASpanOfExactlyNumelElements()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.arange(0, 4, dtype: ScalarType.Float64);
        var buffer = new double[4];
        t.CopyTo<double>(buffer);
        Assert.Equal([0.0, 1, 2, 3], buffer);
        Assert.Throws<TorchException>(() => t.CopyTo<double>(new double[3]));
    }

    [Fact]
    public void ItemReadsAOneElementTensorExactlyAsDoubleOrLong()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(2.5, torch.tensor(new[] { 2.5 }).item());
        Assert.Equal((1L << 53) + 1, torch.tensor(new[] { (1L << 53) + 1 }).itemLong());
        Assert.Equal(3.0, torch.tensor(new[] { 3L }, [1, 1]).item());
        Assert.Equal(1.0, torch.tensor(new[] { true }).item());
    }

    [Fact]
    public void ItemOfNonFiniteValuesIsReturnedAsIs()
    {
        using var scope = torch.NewDisposeScope();
        Assert.True(double.IsNaN(torch.scalar(double.NaN, ScalarType.Float64).item()));
        Assert.Equal(double.PositiveInfinity, torch.scalar(double.PositiveInfinity).item());
    }

    [Fact]
    public void ItemOfAManyElementTensorIsATorchException()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<TorchException>(() => torch.zeros(2).item());
    }

    [Fact]
    public void DtypeConversionsRoundTripAndTruncateTowardZeroIntoIntegers()
    {
        using var scope = torch.NewDisposeScope();
        var f32 = torch.tensor(new[] { 1.75f, -1.75f, 3f });
        var f64 = f32.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, f64.dtype);
        Assert.Equal([1.75, -1.75, 3], f64.data<double>());

        var i64 = f64.@long();
        Assert.Equal(ScalarType.Int64, i64.dtype);
        Assert.Equal([1L, -1, 3], i64.data<long>());

        Assert.Equal([1.0, -1, 3], i64.@double().data<double>());
        Assert.Equal([1.75f, -1.75f, 3f], f64.@float().data<float>());
    }

    [Fact]
    public void ConversionToTheSameDtypeAndDeviceSharesStorageUnlessCopyIsRequested()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.zeros([2], ScalarType.Float64);
        var same = t.to(ScalarType.Float64);
        var copy = t.to(ScalarType.Float64, Device.CPU, copy: true);
        t.fill_(5);
        Assert.Equal([5.0, 5], same.data<double>());
        Assert.Equal([0.0, 0], copy.data<double>());
    }
}
