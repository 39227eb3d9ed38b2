namespace HdCluster.Data;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator (2014; Vigna's reference C code). Used instead of
/// <see cref="Random"/> because .NET does not promise that a seeded <see cref="Random"/> yields
/// the same sequence across versions, and a sweep's data order must be reproducible forever.
/// State advances by 0x9E3779B97F4A7C15; each output is <see cref="Mix"/> of the new state.
/// Seed 0 gives E220A8397B1DCDAF, 6E789E6AA1B965F4, 06C45D188009454F, ...
/// </summary>
public sealed class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64() => Mix(_state += Gamma);

    /// <summary>
    /// Uniform in [0, <paramref name="exclusiveBound"/>) without modulo bias, by Lemire's
    /// multiply-and-reject method (2019): draw x, take the high 64 bits of x * bound, and
    /// redraw only while the low 64 bits fall below 2^64 mod bound.
    /// </summary>
    public int NextInt(int exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveBound);
        var bound = (ulong)exclusiveBound;
        var high = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return (int)high;
    }

    /// <summary>The SplitMix64 output function (a variant of MurmurHash3's 64-bit finaliser).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
