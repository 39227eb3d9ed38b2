namespace HdCluster.Torch;

/// <summary>
/// A named slot holding one trainable tensor (or a buffer such as batch norm's running mean).
/// The slot, not the tensor, is what models and optimizers share: a hyperoptimizer replaces the
/// tensor each step with the result of a differentiable update, and the model's next forward pass
/// reads the new one.
/// </summary>
public sealed class Parameter : IDisposable
{
    private Tensor value;

    public Parameter(string name, Tensor value, bool isBuffer = false)
    {
        Name = name;
        IsBuffer = isBuffer;
        this.value = value.DetachFromDisposeScope();
    }

    /// <summary>The dotted path within its model, e.g. <c>layers.0.weight</c>.</summary>
    public string Name { get; internal set; }

    /// <summary>Buffers are state, not trainable: optimizers never see them.</summary>
    public bool IsBuffer { get; }

    /// <summary>The current tensor. Setting it takes ownership of the new tensor (removing it from any
    /// dispose scope) and releases the slot's handle on the old one; autograd keeps whatever of the old
    /// one a graph still needs.</summary>
    public Tensor Value
    {
        get => value;
        set
        {
            if (ReferenceEquals(value, this.value))
            {
                return;
            }

            var old = this.value;
            this.value = value.DetachFromDisposeScope();
            old.Dispose();
        }
    }

    public void Dispose() => value.Dispose();

    public override string ToString() => $"{Name}: {value.Describe()}";
}
