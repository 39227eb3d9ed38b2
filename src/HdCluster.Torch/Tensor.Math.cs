using HdCluster.Torch.Native;
using static HdCluster.Torch.Native.NativeMethods;

namespace HdCluster.Torch;

// Elementwise arithmetic, comparisons, reductions and linear algebra.
public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => new(hdc_unary(Handle, (int)op));

    private Tensor UnaryInPlace(UnaryOp op)
    {
        NativeError.Check(hdc_unary_(Handle, (int)op));
        return this;
    }

    private Tensor Binary(Tensor other, BinaryOp op) => new(hdc_binary(Handle, other.Handle, (int)op));

    private Tensor Binary(double other, BinaryOp op) => new(hdc_binary_scalar(Handle, other, (int)op));

    private Tensor BinaryInPlace(Tensor other, BinaryOp op)
    {
        NativeError.Check(hdc_binary_(Handle, other.Handle, (int)op));
        return this;
    }

    private Tensor BinaryInPlace(double other, BinaryOp op)
    {
        NativeError.Check(hdc_binary_scalar_(Handle, other, (int)op));
        return this;
    }

    public Tensor neg() => Unary(UnaryOp.Neg);
    public Tensor exp() => Unary(UnaryOp.Exp);
    public Tensor log() => Unary(UnaryOp.Log);
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    public Tensor atanh() => Unary(UnaryOp.Atanh);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor relu() => Unary(UnaryOp.Relu);
    public Tensor abs() => Unary(UnaryOp.Abs);
    public Tensor sign() => Unary(UnaryOp.Sign);
    public Tensor square() => Unary(UnaryOp.Square);
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor floor() => Unary(UnaryOp.Floor);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);

    public Tensor neg_() => UnaryInPlace(UnaryOp.Neg);
    public Tensor exp_() => UnaryInPlace(UnaryOp.Exp);
    public Tensor sqrt_() => UnaryInPlace(UnaryOp.Sqrt);
    public Tensor relu_() => UnaryInPlace(UnaryOp.Relu);
    public Tensor tanh_() => UnaryInPlace(UnaryOp.Tanh);
    public Tensor square_() => UnaryInPlace(UnaryOp.Square);
    public Tensor abs_() => UnaryInPlace(UnaryOp.Abs);

    public Tensor add(Tensor other) => Binary(other, BinaryOp.Add);
    public Tensor add(Tensor other, double alpha) => new(hdc_add_scaled(Handle, other.Handle, alpha));
    public Tensor add(double other) => Binary(other, BinaryOp.Add);
    public Tensor sub(Tensor other) => Binary(other, BinaryOp.Sub);
    public Tensor sub(double other) => Binary(other, BinaryOp.Sub);
    public Tensor mul(Tensor other) => Binary(other, BinaryOp.Mul);
    public Tensor mul(double other) => Binary(other, BinaryOp.Mul);
    public Tensor div(Tensor other) => Binary(other, BinaryOp.Div);
    public Tensor div(double other) => Binary(other, BinaryOp.Div);
    public Tensor pow(Tensor exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor pow(double exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor maximum(Tensor other) => Binary(other, BinaryOp.Maximum);
    public Tensor minimum(Tensor other) => Binary(other, BinaryOp.Minimum);
    public Tensor clamp_min(double min) => Binary(min, BinaryOp.Maximum);
    public Tensor clamp_max(double max) => Binary(max, BinaryOp.Minimum);

    public Tensor clamp(double? min = null, double? max = null) =>
        new(hdc_clamp(Handle, min ?? 0, max ?? 0, min.HasValue ? 1 : 0, max.HasValue ? 1 : 0));

    public Tensor eq(Tensor other) => Binary(other, BinaryOp.Eq);
    public Tensor eq(double other) => Binary(other, BinaryOp.Eq);
    public Tensor ne(Tensor other) => Binary(other, BinaryOp.Ne);
    public Tensor ne(double other) => Binary(other, BinaryOp.Ne);
    public Tensor lt(Tensor other) => Binary(other, BinaryOp.Lt);
    public Tensor lt(double other) => Binary(other, BinaryOp.Lt);
    public Tensor le(Tensor other) => Binary(other, BinaryOp.Le);
    public Tensor le(double other) => Binary(other, BinaryOp.Le);
    public Tensor gt(Tensor other) => Binary(other, BinaryOp.Gt);
    public Tensor gt(double other) => Binary(other, BinaryOp.Gt);
    public Tensor ge(Tensor other) => Binary(other, BinaryOp.Ge);
    public Tensor ge(double other) => Binary(other, BinaryOp.Ge);
    public Tensor logical_and(Tensor other) => Binary(other, BinaryOp.LogicalAnd);
    public Tensor logical_or(Tensor other) => Binary(other, BinaryOp.LogicalOr);

    public Tensor add_(Tensor other) => BinaryInPlace(other, BinaryOp.Add);

    public Tensor add_(Tensor other, double alpha)
    {
        NativeError.Check(hdc_add_scaled_(Handle, other.Handle, alpha));
        return this;
    }

    public Tensor add_(double other) => BinaryInPlace(other, BinaryOp.Add);
    public Tensor sub_(Tensor other) => BinaryInPlace(other, BinaryOp.Sub);
    public Tensor sub_(double other) => BinaryInPlace(other, BinaryOp.Sub);
    public Tensor mul_(Tensor other) => BinaryInPlace(other, BinaryOp.Mul);
    public Tensor mul_(double other) => BinaryInPlace(other, BinaryOp.Mul);
    public Tensor div_(Tensor other) => BinaryInPlace(other, BinaryOp.Div);
    public Tensor div_(double other) => BinaryInPlace(other, BinaryOp.Div);
    public Tensor pow_(double exponent) => BinaryInPlace(exponent, BinaryOp.Pow);
    public Tensor clamp_min_(double min) => BinaryInPlace(min, BinaryOp.Maximum);
    public Tensor clamp_max_(double max) => BinaryInPlace(max, BinaryOp.Minimum);

    public Tensor copy_(Tensor source)
    {
        NativeError.Check(hdc_copy_(Handle, source.Handle));
        return this;
    }

    public Tensor fill_(double value)
    {
        NativeError.Check(hdc_fill_(Handle, value));
        return this;
    }

    public Tensor zero_()
    {
        NativeError.Check(hdc_zero_(Handle));
        return this;
    }

    public Tensor sum() => new(hdc_reduce(Handle, (int)ReduceOp.Sum));
    public Tensor mean() => new(hdc_reduce(Handle, (int)ReduceOp.Mean));
    public Tensor max() => new(hdc_reduce(Handle, (int)ReduceOp.Max));
    public Tensor min() => new(hdc_reduce(Handle, (int)ReduceOp.Min));
    public Tensor argmax() => new(hdc_reduce(Handle, (int)ReduceOp.ArgMax));

    /// <summary>A boolean scalar: true when no element is NaN or infinite.</summary>
    public Tensor all_finite() => new(hdc_reduce(Handle, (int)ReduceOp.AllFiniteOrArgMin));

    public Tensor sum(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.Sum, dim, keepdim ? 1 : 0));
    public Tensor mean(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.Mean, dim, keepdim ? 1 : 0));
    public Tensor max(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.Max, dim, keepdim ? 1 : 0));
    public Tensor min(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.Min, dim, keepdim ? 1 : 0));
    public Tensor argmax(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.ArgMax, dim, keepdim ? 1 : 0));
    public Tensor argmin(long dim, bool keepdim = false) => new(hdc_reduce_dim(Handle, (int)ReduceOp.AllFiniteOrArgMin, dim, keepdim ? 1 : 0));

    public Tensor dot(Tensor other) => new(hdc_dot(Handle, other.Handle));
    public Tensor matmul(Tensor other) => new(hdc_matmul(Handle, other.Handle));
    public Tensor bmm(Tensor other) => new(hdc_bmm(Handle, other.Handle));

    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    public static Tensor operator -(double a, Tensor b) => b.Binary(a, BinaryOp.RSub);
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    public static Tensor operator /(double a, Tensor b) => b.Binary(a, BinaryOp.RDiv);
    public static Tensor operator -(Tensor a) => a.neg();
}
