using System.Text;

namespace HdCluster.Torch.Tests;

/// <summary>
/// Compares autograd's gradient with central finite differences, (f(x+h) - f(x-h)) / 2h, in float64.
/// A function with a tensor output is reduced to a scalar by a fixed random projection, so every
/// output element (not only their sum) takes part in the check.
/// </summary>
internal static class GradientCheck
{
    // h balances truncation error (~h^2) against rounding error (~1e-16 / h) for inputs of order one.
    private const double Step = 1e-5;
    private const double RelativeTolerance = 1e-6;
    private const double AbsoluteTolerance = 1e-8;
    private const long ProjectionSeed = 20240611;

    /// <summary>Asserts that the gradient of <paramref name="f"/> w.r.t. each of <paramref name="inputs"/> (float64)
    /// matches finite differences. <paramref name="f"/> receives leaves that require grad, in the same order.</summary>
    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var input in inputs)
        {
            Assert.Equal(ScalarType.Float64, input.dtype);
        }

        var values = inputs.Select(x => x.data<double>()).ToArray();
        var shapes = inputs.Select(x => x.shape).ToArray();

        var leaves = Leaves(values, shapes);
        var output = f(leaves);
        using var generator = new Generator(ProjectionSeed);
        var projection = torch.randn(output.shape, generator, ScalarType.Float64);
        var loss = output.mul(projection).sum();
        var analytic = torch.autograd.grad([loss], leaves, allow_unused: true);

        var failures = new StringBuilder();
        for (var k = 0; k < inputs.Length; k++)
        {
            var expected = analytic[k]?.data<double>() ?? new double[values[k].Length];
            for (var j = 0; j < values[k].Length; j++)
            {
                var original = values[k][j];
                values[k][j] = original + Step;
                var plus = Evaluate(f, values, shapes, projection);
                values[k][j] = original - Step;
                var minus = Evaluate(f, values, shapes, projection);
                values[k][j] = original;

                var numeric = (plus - minus) / (2 * Step);
                var tolerance = RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(expected[j])) + AbsoluteTolerance;
                if (!(Math.Abs(numeric - expected[j]) <= tolerance))
                {
                    failures.AppendLine($"input {k} element {j}: autograd {expected[j]:R}, finite difference {numeric:R}");
                }
            }
        }

        Assert.True(failures.Length == 0, "gradient mismatch:\n" + failures);
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, double[][] values, long[][] shapes, Tensor projection)
    {
        using var scope = torch.NewDisposeScope();
        return f(Leaves(values, shapes)).mul(projection).sum().item();
    }

    // The finite-difference evaluations get leaves requiring grad too, so that a function which
    // itself calls autograd.grad (a second-order check) runs the same way in both paths.
    private static Tensor[] Leaves(double[][] values, long[][] shapes) =>
        values.Select((v, i) => torch.tensor(v, shapes[i], requires_grad: true)).ToArray();
}
