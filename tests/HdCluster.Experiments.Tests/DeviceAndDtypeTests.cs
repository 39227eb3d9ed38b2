namespace HdCluster.Experiments.Tests;

/// <summary>Devices and dtypes are checked as text, without torch, with the bridge's canonical names.</summary>
public class DeviceAndDtypeTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData(" CPU ", "cpu")]
    [InlineData("cuda", "cuda:0")]
    [InlineData("cuda:3", "cuda:3")]
    public void A_device_has_one_canonical_name(string written, string canonical)
    {
        Assert.Null(DeviceName.Problem(written));
        Assert.Equal(canonical, DeviceName.Canonical(written));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void A_device_that_is_none_is_named(string written)
    {
        Assert.Contains($"'{written}'", DeviceName.Problem(written));
        Assert.Throws<ArgumentException>(() => DeviceName.Canonical(written));
    }

    [Theory]
    [InlineData("float32", "float32")]
    [InlineData("float", "float32")]
    [InlineData("Double", "float64")]
    [InlineData("half", "float16")]
    public void A_floating_dtype_has_one_canonical_name(string written, string canonical)
    {
        Assert.Null(DtypeName.Problem(written));
        Assert.Equal(canonical, DtypeName.Canonical(written));
    }

    [Theory]
    [InlineData("int64", "cannot hold trainable weights")]
    [InlineData("bool", "cannot hold trainable weights")]
    [InlineData("float128", "unknown dtype")]
    public void A_dtype_a_model_cannot_train_in_is_refused(string written, string why) =>
        Assert.Contains(why, DtypeName.Problem(written));
}
