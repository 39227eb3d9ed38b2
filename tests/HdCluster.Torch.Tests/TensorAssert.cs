namespace HdCluster.Torch.Tests;

internal static class TensorAssert
{
    /// <summary>Asserts shape and every element of a float64 or float32 tensor within an absolute tolerance.</summary>
    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-12, long[]? shape = null)
    {
        if (shape != null)
        {
            Assert.Equal(shape, actual.shape);
        }

        var values = actual.dtype == ScalarType.Float32
            ? actual.data<float>().Select(v => (double)v).ToArray()
            : actual.to(ScalarType.Float64).data<double>();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - values[i]) <= tolerance,
                $"element {i}: expected {expected[i]:R}, got {values[i]:R} (tolerance {tolerance})");
        }
    }
}
