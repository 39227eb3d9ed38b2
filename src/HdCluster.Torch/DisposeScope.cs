namespace HdCluster.Torch;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and disposes
/// them all when it is disposed. This is what keeps a training loop's native memory flat: wrap
/// a step in a scope and move out (<see cref="MoveToOuter"/>) only what must survive it.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    private readonly HashSet<IDisposable> owned = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    internal DisposeScope(DisposeScope? outer)
    {
        Outer = outer;
    }

    internal DisposeScope? Outer { get; }

    /// <summary>How many live objects the scope will dispose.</summary>
    public int Count => owned.Count;

    /// <summary>Hands the tensors to the enclosing scope (or to no scope at all) so they outlive this one.
    /// An item this scope does not own is left where it is: adopting it would give it two owners.</summary>
    public T MoveToOuter<T>(T item)
        where T : IScoped
    {
        if (Release(item))
        {
            Outer?.Adopt(item);
        }

        return item;
    }

    /// <summary>Stops tracking the item: its owner must dispose it.</summary>
    public T Detach<T>(T item)
        where T : IScoped
    {
        Release(item);
        return item;
    }

    internal void Adopt(IScoped item)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        owned.Add(item);
        item.OwningScope = this;
    }

    internal void Forget(IScoped item) => owned.Remove(item);

    private bool Release(IScoped item)
    {
        if (item.OwningScope != this)
        {
            return false;
        }

        owned.Remove(item);
        item.OwningScope = null;
        return true;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var item in owned)
        {
            ((IScoped)item).OwningScope = null;
            item.Dispose();
        }

        owned.Clear();
        DisposeScopeManager.Pop(this);
    }
}

/// <summary>An object a <see cref="DisposeScope"/> can own.</summary>
public interface IScoped : IDisposable
{
    internal DisposeScope? OwningScope { get; set; }
}
