namespace HdCluster.Optim.Tests.Support;

/// <summary>Elementwise arithmetic on plain double arrays, for writing the expected updates by hand.</summary>
internal static class Vec
{
    public static double[] Plus(this double[] x, double[] y) => x.Zip(y, (a, b) => a + b).ToArray();

    public static double[] Minus(this double[] x, double[] y) => x.Zip(y, (a, b) => a - b).ToArray();

    public static double[] Times(this double[] x, double s) => x.Select(a => a * s).ToArray();

    public static double[] Times(this double[] x, double[] y) => x.Zip(y, (a, b) => a * b).ToArray();

    public static double[] DividedBy(this double[] x, double[] y) => x.Zip(y, (a, b) => a / b).ToArray();

    public static double[] Map(this double[] x, Func<double, double> f) => x.Select(f).ToArray();

    public static double Dot(this double[] x, double[] y) => x.Zip(y, (a, b) => a * b).Sum();

    public static double[] Zeros(int n) => new double[n];
}
