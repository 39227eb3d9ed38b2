using HdCluster.Torch.Native;

namespace HdCluster.Torch;

public static partial class torch
{
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching
        /// any <c>.grad</c>. With <paramref name="create_graph"/> the results are themselves differentiable,
        /// which is how a hyperoptimizer differentiates through the update step below it. Entries are null
        /// for inputs the outputs do not depend on when <paramref name="allow_unused"/> is set.
        /// </summary>
        public static unsafe Tensor?[] grad(
            IReadOnlyList<Tensor> outputs,
            IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null,
            bool? retain_graph = null,
            bool create_graph = false,
            bool allow_unused = false)
        {
            var outs = Handles(outputs);
            var ins = Handles(inputs);
            IntPtr[]? gos = null;
            if (grad_outputs != null)
            {
                if (grad_outputs.Count != outputs.Count)
                {
                    throw new ArgumentException($"{outputs.Count} outputs but {grad_outputs.Count} grad_outputs", nameof(grad_outputs));
                }

                gos = grad_outputs.Select(g => g?.Handle ?? IntPtr.Zero).ToArray();
            }

            var results = new IntPtr[ins.Length];
            var retain = retain_graph ?? create_graph;
            fixed (IntPtr* o = outs)
            fixed (IntPtr* i = ins)
            fixed (IntPtr* g = gos)
            fixed (IntPtr* r = results)
            {
                NativeError.Check(NativeMethods.hdc_autograd_grad(o, outs.Length, g, i, ins.Length, retain ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, r));
            }

            return results.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
        }
    }
}
