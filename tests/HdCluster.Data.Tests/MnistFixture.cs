using System.Diagnostics;

namespace HdCluster.Data.Tests;

/// <summary>Loads the real MNIST once for all tests that read it.</summary>
public sealed class MnistFixture
{
    public MnistFixture()
    {
        var watch = Stopwatch.StartNew();
        Train = Mnist.LoadTrain(SharedData.Root);
        TrainLoadTime = watch.Elapsed;
        Test = Mnist.LoadTest(SharedData.Root);
    }

    public ImageSet Train { get; }

    public ImageSet Test { get; }

    public TimeSpan TrainLoadTime { get; }
}
