namespace HdCluster.Data;

/// <summary>
/// The order in which an epoch visits a data set, a pure function of (seed, epoch, count) that
/// will not change between .NET versions or machines. Epoch e uses a <see cref="SplitMix64"/>
/// started at <c>SplitMix64.Mix(seed) ^ e</c> and shuffles 0..count-1 by Fisher-Yates from the
/// back: for i = count-1 down to 1, swap positions i and NextInt(i + 1).
/// </summary>
public static class EpochPermutation
{
    public static int[] Create(ulong seed, int epoch, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        Fill(seed, epoch, order);
        return order;
    }

    /// <summary>Writes the permutation of 0..destination.Length-1 into a buffer the caller reuses across epochs.</summary>
    public static void Fill(ulong seed, int epoch, Span<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }

        var rng = ForEpoch(seed, epoch);
        for (var i = destination.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (destination[i], destination[j]) = (destination[j], destination[i]);
        }
    }

    // Mixing the seed first keeps runs apart: with plain seed + epoch, seed 1 epoch 0 would
    // replay seed 0 epoch 1, and sweeps use consecutive seeds.
    private static SplitMix64 ForEpoch(ulong seed, int epoch) => new(SplitMix64.Mix(seed) ^ (ulong)epoch);
}
