using System.Globalization;

namespace HdCluster.Sweeps;

public enum FuseMode
{
    /// <summary>The runner decides which cells to train together.</summary>
    Auto,

    /// <summary>Every cell trains alone.</summary>
    Off,

    /// <summary>At most <see cref="FuseSetting.MaxGroup"/> cells train together.</summary>
    MaxGroup,
}

/// <summary>The sweep's <c>fuse:</c> choice, kept for the runner that trains compatible cells as one fused
/// batch; loading a sweep only checks and carries it.</summary>
public readonly record struct FuseSetting(FuseMode Mode, int? MaxGroup = null)
{
    public static readonly FuseSetting Auto = new(FuseMode.Auto);

    public static readonly FuseSetting Off = new(FuseMode.Off);

    public static FuseSetting AtMost(int maxGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        return new FuseSetting(FuseMode.MaxGroup, maxGroup);
    }

    /// <summary>Reads <c>auto</c>, <c>off</c> or a whole number of at least 1; null when it is none of them.</summary>
    public static FuseSetting? TryParse(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "auto")
        {
            return Auto;
        }

        if (s == "off")
        {
            return Off;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? AtMost(n) : null;
    }

    public override string ToString() => Mode switch
    {
        FuseMode.Auto => "auto",
        FuseMode.Off => "off",
        _ => MaxGroup!.Value.ToString(CultureInfo.InvariantCulture),
    };
}
