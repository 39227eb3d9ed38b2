namespace HdCluster.Torch.Native;

// Mirrors of the op codes dispatched by hdc_unary / hdc_binary / hdc_reduce in HdcTensor.cpp.
internal enum UnaryOp
{
    Neg = 0, Exp = 1, Log = 2, Sqrt = 3, Tanh = 4, Sigmoid = 5, Relu = 6, Abs = 7, Sign = 8, Square = 9,
    Rsqrt = 10, Atanh = 11, IsFinite = 12, IsNan = 13, LogicalNot = 14, Reciprocal = 15, Floor = 16, Log1p = 17,
}

internal enum BinaryOp
{
    Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Maximum = 5, Minimum = 6, Eq = 7, Ne = 8, Lt = 9, Le = 10,
    Gt = 11, Ge = 12, RSub = 13, LogicalAnd = 14, LogicalOr = 15, RDiv = 16,
}

internal enum ReduceOp
{
    Sum = 0, Mean = 1, Max = 2, Min = 3, ArgMax = 4, AllFiniteOrArgMin = 5,
}

internal enum LikeKind
{
    Zeros = 0, Ones = 1, Full = 2, Empty = 3,
}
