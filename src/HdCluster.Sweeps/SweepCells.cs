using System.Collections;
using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>
/// A sweep's cells, in order, built on demand: the list holds the sweep's description and the indices of the
/// duplicates it dropped, never the cells, so a sweep of a million cells costs what its file costs. Each access builds
/// the cell again (a few microseconds); keep what you need.
/// </summary>
public sealed class SweepCells : IReadOnlyList<SweepCell>
{
    private readonly CellSource source;

    // Raw indices (grid, then explicit cells) of cells that repeat an earlier one, ascending.
    private readonly int[] duplicates;

    internal SweepCells(CellSource source, int[] duplicates)
    {
        this.source = source;
        this.duplicates = duplicates;
    }

    public int Count => source.RawCount - duplicates.Length;

    public SweepCell this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return source.Build(source.CandidateAt(RawIndex(index)));
        }
    }

    /// <summary>The settings of cell <paramref name="index"/> alone: cheaper than the cell, as its id and label are not made.</summary>
    public CellConfig ConfigAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return source.CheckedConfig(source.CandidateAt(RawIndex(index)));
    }

    public IEnumerator<SweepCell> GetEnumerator()
    {
        var next = 0;
        for (var raw = 0; raw < source.RawCount; raw++)
        {
            if (next < duplicates.Length && duplicates[next] == raw)
            {
                next++;
                continue;
            }

            yield return source.Build(source.CandidateAt(raw));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The cells' settings alone, in order: cheaper than the cells, as their ids and labels are not made.</summary>
    public IEnumerable<CellConfig> Configs()
    {
        var next = 0;
        for (var raw = 0; raw < source.RawCount; raw++)
        {
            if (next < duplicates.Length && duplicates[next] == raw)
            {
                next++;
                continue;
            }

            yield return source.CheckedConfig(source.CandidateAt(raw));
        }
    }

    // The index-th raw index that is not a duplicate. duplicates[k] - k (the kept cells before the k-th duplicate)
    // never decreases, so the duplicates before the answer are the k whose kept-before count is at most index.
    private int RawIndex(int index)
    {
        int low = 0, high = duplicates.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (duplicates[mid] - mid <= index)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return index + low;
    }
}
