namespace HdCluster.Sweeps;

/// <summary>
/// Points in the unit cube [0, 1)^d, drawn reproducibly from a seed: the same method, count, dimensions and seed give
/// the same points everywhere (no platform random number generator is involved).
/// </summary>
internal static class UnitPoints
{
    /// <summary>Low-discrepancy sequences here are defined for this many dimensions (variables sampled together).</summary>
    public const int MaxDimensions = 8;

    // Joe and Kuo (2008), new-joe-kuo-6.21201, dimensions 2-8: degree s, coefficients a, initial m_1..m_s.
    private static readonly (int S, int A, int[] M)[] Directions =
    [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
    ];

    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19];

    public static double[][] Draw(SampleMethod method, int count, int dimensions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var random = new SplitMix64(seed);
        return method switch
        {
            SampleMethod.Random => [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray())],
            SampleMethod.Sobol => Sobol(count, dimensions, random),
            _ => Halton(count, dimensions, random),
        };
    }

    private static double[][] Sobol(int count, int dimensions, SplitMix64 random)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        const int Bits = 32;
        var v = new uint[dimensions][];
        for (var d = 0; d < dimensions; d++)
        {
            v[d] = new uint[Bits];
            if (d == 0)
            {
                for (var k = 0; k < Bits; k++)
                {
                    v[d][k] = 1u << (Bits - 1 - k);
                }

                continue;
            }

            var (s, a, m) = Directions[d - 1];
            for (var k = 0; k < Bits; k++)
            {
                if (k < s)
                {
                    v[d][k] = (uint)m[k] << (Bits - 1 - k);
                }
                else
                {
                    var value = v[d][k - s] ^ (v[d][k - s] >> s);
                    for (var j = 1; j < s; j++)
                    {
                        value ^= ((uint)(a >> (s - 1 - j)) & 1u) * v[d][k - j];
                    }

                    v[d][k] = value;
                }
            }
        }

        // A random digital shift keeps each dimension's even coverage and makes the seed matter.
        var shift = Enumerable.Range(0, dimensions).Select(_ => (uint)(random.Next() >> 32)).ToArray();
        var x = new uint[dimensions];
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            // Gray-code order: point i differs from point i-1 in the direction of i-1's lowest zero bit.
            if (i > 0)
            {
                var c = System.Numerics.BitOperations.TrailingZeroCount(~(uint)(i - 1));
                for (var d = 0; d < dimensions; d++)
                {
                    x[d] ^= v[d][c];
                }
            }

            points[i] = [.. x.Select((xd, d) => (xd ^ shift[d]) / 4294967296.0)];
        }

        return points;
    }

    private static double[][] Halton(int count, int dimensions, SplitMix64 random)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        var rotation = Enumerable.Range(0, dimensions).Select(_ => random.NextDouble()).ToArray();
        var points = new double[count][];
        for (var i = 0; i < count; i++)
        {
            points[i] = [.. Enumerable.Range(0, dimensions).Select(d => (RadicalInverse(i + 1, Primes[d]) + rotation[d]) % 1.0)];
        }

        return points;
    }

    private static double RadicalInverse(int index, int radix)
    {
        double result = 0, scale = 1.0 / radix;
        for (var n = index; n > 0; n /= radix)
        {
            result += n % radix * scale;
            scale /= radix;
        }

        return result;
    }
}
