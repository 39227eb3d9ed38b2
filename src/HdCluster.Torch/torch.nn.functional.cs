using HdCluster.Torch.Native;
using static HdCluster.Torch.Native.NativeMethods;

namespace HdCluster.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces over the batch.</summary>
        public enum Reduction
        {
            None = 0,
            Mean = 1,
            Sum = 2,
        }

        /// <summary>Stateless neural-network functions, as <c>torch.nn.functional</c>.</summary>
        public static class functional
        {
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                new(hdc_linear(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero));

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1)
            {
                var s = stackalloc long[] { stride, stride };
                var p = stackalloc long[] { padding, padding };
                var d = stackalloc long[] { dilation, dilation };
                return new Tensor(hdc_conv2d(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, s, p, d, groups));
            }

            /// <summary>Batch normalisation. In training it normalises with batch statistics and updates the
            /// running ones in place (PyTorch's momentum convention); in evaluation it uses the running ones.</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(hdc_batch_norm(
                    input.Handle,
                    weight?.Handle ?? IntPtr.Zero,
                    bias?.Handle ?? IntPtr.Zero,
                    running_mean?.Handle ?? IntPtr.Zero,
                    running_var?.Handle ?? IntPtr.Zero,
                    training ? 1 : 0,
                    momentum,
                    eps));

            public static unsafe Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0)
            {
                var k = stackalloc long[] { kernel_size, kernel_size };
                var s = stackalloc long[] { stride ?? kernel_size, stride ?? kernel_size };
                var p = stackalloc long[] { padding, padding };
                return new Tensor(hdc_max_pool2d(input.Handle, k, s, p));
            }

            public static unsafe Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0)
            {
                var k = stackalloc long[] { kernel_size, kernel_size };
                var s = stackalloc long[] { stride ?? kernel_size, stride ?? kernel_size };
                var p = stackalloc long[] { padding, padding };
                return new Tensor(hdc_avg_pool2d(input.Handle, k, s, p));
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long output_height, long output_width)
            {
                var o = stackalloc long[] { output_height, output_width };
                return new Tensor(hdc_adaptive_avg_pool2d(input.Handle, o));
            }

            /// <summary>Inverted dropout; the mask comes from <paramref name="generator"/> when given.</summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null) =>
                new(hdc_dropout(input.Handle, p, training ? 1 : 0, generator?.Handle ?? IntPtr.Zero));

            public static Tensor embedding(Tensor indices, Tensor weight) => new(hdc_embedding(weight.Handle, indices.Handle));

            public static Tensor one_hot(Tensor indices, long num_classes) => new(hdc_one_hot(indices.Handle, num_classes));

            public static Tensor relu(Tensor x) => x.relu();

            public static Tensor tanh(Tensor x) => x.tanh();

            public static Tensor sigmoid(Tensor x) => x.sigmoid();

            public static Tensor log_softmax(Tensor x, long dim) => new(hdc_log_softmax(x.Handle, dim));

            public static Tensor softmax(Tensor x, long dim) => new(hdc_softmax(x.Handle, dim));

            public static Tensor cross_entropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(hdc_cross_entropy(logits.Handle, target.Handle, (int)reduction));

            public static Tensor nll_loss(Tensor log_probabilities, Tensor target, Reduction reduction = Reduction.Mean) =>
                new(hdc_nll_loss(log_probabilities.Handle, target.Handle, (int)reduction));

            /// <summary>
            /// A stacked LSTM over <paramref name="input"/> ([seq, batch, features], or [batch, seq, features]
            /// with <paramref name="batch_first"/>). <paramref name="parameters"/> holds, per layer, w_ih, w_hh,
            /// b_ih, b_hh in PyTorch's layout; dropout applies between layers in training.
            /// </summary>
            public static unsafe (Tensor output, Tensor h, Tensor c) lstm(
                Tensor input,
                Tensor h0,
                Tensor c0,
                IReadOnlyList<Tensor> parameters,
                int num_layers,
                double dropout = 0,
                bool training = false,
                bool batch_first = false)
            {
                var handles = Handles(parameters);
                IntPtr seq, h, c;
                fixed (IntPtr* p = handles)
                {
                    NativeError.Check(hdc_lstm(input.Handle, h0.Handle, c0.Handle, p, handles.Length, num_layers, dropout, training ? 1 : 0, batch_first ? 1 : 0, &seq, &h, &c));
                }

                return (new Tensor(seq), new Tensor(h), new Tensor(c));
            }
        }
    }
}
