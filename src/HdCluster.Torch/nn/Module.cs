namespace HdCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base of every model: a tree of submodules owning named <see cref="Parameter"/> slots, with
        /// PyTorch's naming (<c>features.0.weight</c>), train/eval mode and state dictionaries.
        /// </summary>
        public abstract class Module : IDisposable
        {
            private readonly List<(string Name, Parameter Slot)> ownParameters = [];
            private readonly List<(string Name, Module Child)> children = [];

            public bool training { get; private set; } = true;

            protected Parameter RegisterParameter(string name, Tensor value)
            {
                var slot = new Parameter(name, value.requires_grad_());
                ownParameters.Add((name, slot));
                return slot;
            }

            protected Parameter RegisterBuffer(string name, Tensor value)
            {
                var slot = new Parameter(name, value, isBuffer: true);
                ownParameters.Add((name, slot));
                return slot;
            }

            protected T RegisterModule<T>(string name, T module)
                where T : Module
            {
                children.Add((name, module));
                module.Rename(name);
                return module;
            }

            private void Rename(string prefix)
            {
                foreach (var (name, slot) in ownParameters)
                {
                    slot.Name = $"{prefix}.{name}";
                }

                foreach (var (name, child) in children)
                {
                    child.Rename($"{prefix}.{name}");
                }
            }

            /// <summary>Trainable parameters, depth first in registration order (PyTorch's order).</summary>
            public IReadOnlyList<Parameter> parameters() => AllSlots().Where(s => !s.IsBuffer).ToList();

            public IReadOnlyList<Parameter> buffers() => AllSlots().Where(s => s.IsBuffer).ToList();

            private IEnumerable<Parameter> AllSlots()
            {
                foreach (var (_, slot) in ownParameters)
                {
                    yield return slot;
                }

                foreach (var (_, child) in children)
                {
                    foreach (var slot in child.AllSlots())
                    {
                        yield return slot;
                    }
                }
            }

            public Module train(bool mode = true)
            {
                training = mode;
                foreach (var (_, child) in children)
                {
                    child.train(mode);
                }

                return this;
            }

            public Module eval() => train(false);

            /// <summary>Moves every parameter and buffer (keeping trainable ones as leaves that require grad).</summary>
            public Module to(ScalarType? dtype = null, Device? device = null)
            {
                foreach (var slot in AllSlots())
                {
                    using var scope = NewDisposeScope();
                    var target = slot.Value.detach().to(
                        slot.Value.dtype.IsFloatingPoint() ? dtype ?? slot.Value.dtype : slot.Value.dtype,
                        device ?? slot.Value.device,
                        copy: true);
                    slot.Value = slot.IsBuffer ? target : target.requires_grad_();
                }

                return this;
            }

            /// <summary>Copies of every parameter and buffer by full name, for checkpoints.</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var result = new Dictionary<string, Tensor>();
                foreach (var slot in AllSlots())
                {
                    result[slot.Name] = slot.Value.detach().clone();
                }

                return result;
            }

            /// <summary>Replaces every parameter and buffer with the entry of the same name; a missing or
            /// misshapen entry is an error naming it, and nothing is replaced then.</summary>
            public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
            {
                var slots = AllSlots().ToList();
                foreach (var slot in slots)
                {
                    if (!state.TryGetValue(slot.Name, out var value))
                    {
                        throw new ArgumentException($"state dictionary has no entry '{slot.Name}'", nameof(state));
                    }

                    if (!value.shape.SequenceEqual(slot.Value.shape))
                    {
                        throw new ArgumentException(
                            $"state dictionary entry '{slot.Name}' has shape [{string.Join(", ", value.shape)}], the model needs [{string.Join(", ", slot.Value.shape)}]",
                            nameof(state));
                    }
                }

                foreach (var slot in slots)
                {
                    using var scope = NewDisposeScope();
                    var copy = state[slot.Name].detach().to(slot.Value.dtype, slot.Value.device, copy: true);
                    slot.Value = slot.IsBuffer ? copy : copy.requires_grad_();
                }
            }

            public void Dispose()
            {
                foreach (var slot in AllSlots())
                {
                    slot.Dispose();
                }

                GC.SuppressFinalize(this);
            }
        }
    }
}
