using HdCluster.Experiments;
using HdCluster.Torch;

namespace HdCluster.Training;

/// <summary>A cell's device and dtype as the bridge's types: the cell layer checks them as text, training needs them typed.</summary>
public static class CellConfigTorch
{
    extension(CellConfig config)
    {
        public ScalarType ResolvedDtype => ScalarTypeInfo.Parse(config.CanonicalDtype);

        public Device ResolvedDevice => Device.Parse(config.CanonicalDevice);
    }
}
