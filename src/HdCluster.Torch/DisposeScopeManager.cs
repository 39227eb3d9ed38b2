namespace HdCluster.Torch;

/// <summary>The per-thread stack of open <see cref="DisposeScope"/>s. Thread-local because libtorch
/// work for one cell happens on one thread, and scopes must never capture another cell's tensors.</summary>
internal static class DisposeScopeManager
{
    [ThreadStatic]
    private static DisposeScope? current;

    internal static DisposeScope? Current => current;

    internal static DisposeScope Push()
    {
        current = new DisposeScope(current);
        return current;
    }

    internal static void Pop(DisposeScope scope)
    {
        // Scopes normally close innermost first; if one is closed out of order, drop it and
        // everything opened inside it from the stack.
        for (var s = current; s != null; s = s.Outer)
        {
            if (ReferenceEquals(s, scope))
            {
                current = scope.Outer;
                return;
            }
        }
    }

    internal static void Register(IScoped item) => current?.Adopt(item);
}
