using System.Collections;

namespace HdCluster.Sweeps;

/// <summary>A read-only list whose items are built each time they are read, from their index: a plan over a sweep's
/// positions shows cells without holding them.</summary>
internal sealed class BuiltOnRead<T>(int count, Func<int, T> build) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            return build(index);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return build(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
