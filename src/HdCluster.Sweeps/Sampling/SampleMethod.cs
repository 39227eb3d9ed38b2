namespace HdCluster.Sweeps;

/// <summary>How a <c>sample:</c> block draws its points in the unit cube.</summary>
internal enum SampleMethod
{
    /// <summary>Independent uniform draws (SplitMix64, so the same seed gives the same points on any machine).</summary>
    Random,

    /// <summary>A Sobol sequence (Joe and Kuo's direction numbers), digitally shifted by the seed: every stretch of
    /// 2^k points covers each dimension evenly.</summary>
    Sobol,

    /// <summary>A Halton sequence (one prime base per dimension), rotated by the seed.</summary>
    Halton,
}
