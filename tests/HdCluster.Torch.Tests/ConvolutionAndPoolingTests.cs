using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Torch.Tests;

/// <summary>conv2d and the pooling functions on small inputs whose results are worked out by hand.</summary>
public class ConvolutionAndPoolingTests
{
    // 1 2 3
    // 4 5 6
    // 7 8 9
    private static Tensor Input3x3() => torch.arange(1, 10, dtype: ScalarType.Float64).reshape(1, 1, 3, 3);

    //  1  2  3  4
    //  5  6  7  8
    //  9 10 11 12
    // 13 14 15 16
    private static Tensor Input4x4() => torch.arange(1, 17, dtype: ScalarType.Float64).reshape(1, 1, 4, 4);

    [Fact]
    public void Conv2dSlidesTheKernelWithoutFlippingIt()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = torch.tensor(new double[] { 1, 2, 3, 4 }, [1, 1, 2, 2]);
        var bias = torch.tensor(new double[] { 1 });

        // top-left window 1 2 / 4 5: 1*1 + 2*2 + 3*4 + 4*5 + 1 = 38
        TensorAssert.Close([38, 48, 68, 78], F.conv2d(Input3x3(), kernel, bias), shape: [1, 1, 2, 2]);
    }

    [Fact]
    public void Conv2dWithPaddingAndStrideSumsTheZeroPaddedWindows()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = torch.ones([1, 1, 3, 3], ScalarType.Float64);

        // Windows centred on the four corners: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
        TensorAssert.Close([12, 16, 24, 28], F.conv2d(Input3x3(), kernel, stride: 2, padding: 1), shape: [1, 1, 2, 2]);
    }

    [Fact]
    public void GroupedConv2dConvolvesEachGroupWithItsOwnFilter()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.cat([Input3x3(), Input3x3().mul(10)], 1);
        var kernel = torch.tensor(new double[] { 1, 0, 0, 0, 0, 0, 0, 1 }, [2, 1, 2, 2]);

        // Channel 0 picks each window's top-left, channel 1 the bottom-right (of the input times 10).
        TensorAssert.Close([1, 2, 4, 5, 50, 60, 80, 90], F.conv2d(input, kernel, groups: 2), shape: [1, 2, 2, 2]);
    }

    [Fact]
    public void MaxPool2dTakesTheMaximumOfEachWindow()
    {
        using var scope = torch.NewDisposeScope();
        TensorAssert.Close([6, 8, 14, 16], F.max_pool2d(Input4x4(), 2), shape: [1, 1, 2, 2]);
        TensorAssert.Close([11, 12, 15, 16], F.max_pool2d(Input4x4(), 3, stride: 1), shape: [1, 1, 2, 2]);
    }

    [Fact]
    public void AvgPool2dAveragesEachWindow()
    {
        using var scope = torch.NewDisposeScope();
        TensorAssert.Close([3.5, 5.5, 11.5, 13.5], F.avg_pool2d(Input4x4(), 2), shape: [1, 1, 2, 2]);
    }

    [Fact]
    public void AvgPool2dWithPaddingCountsThePaddedZerosAsPyTorchDoesByDefault()
    {
        using var scope = torch.NewDisposeScope();
        double[] expected =
        [
            1 / 4.0, (2 + 3) / 4.0, 4 / 4.0,
            (5 + 9) / 4.0, (6 + 7 + 10 + 11) / 4.0, (8 + 12) / 4.0,
            13 / 4.0, (14 + 15) / 4.0, 16 / 4.0,
        ];
        TensorAssert.Close(expected, F.avg_pool2d(Input4x4(), 2, stride: 2, padding: 1), shape: [1, 1, 3, 3]);
    }

    [Fact]
    public void AdaptiveAvgPool2dUsesOverlappingBinsWhenTheSizeDoesNotDivide()
    {
        using var scope = torch.NewDisposeScope();

        // Bins along each axis of 4 -> 3: [0, 2), [1, 3), [2, 4).
        double[] expected = [3.5, 4.5, 5.5, 7.5, 8.5, 9.5, 11.5, 12.5, 13.5];
        TensorAssert.Close(expected, F.adaptive_avg_pool2d(Input4x4(), 3, 3), shape: [1, 1, 3, 3]);
    }

    [Fact]
    public void AdaptiveAvgPool2dToOneByOneIsTheGlobalAverage()
    {
        using var scope = torch.NewDisposeScope();
        TensorAssert.Close([8.5], F.adaptive_avg_pool2d(Input4x4(), 1, 1), shape: [1, 1, 1, 1]);
        TensorAssert.Close([3.5, 5.5, 11.5, 13.5], F.adaptive_avg_pool2d(Input4x4(), 2, 2), shape: [1, 1, 2, 2]);
    }
}
