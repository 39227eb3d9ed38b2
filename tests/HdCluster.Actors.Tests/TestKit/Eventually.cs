using System.Diagnostics;

namespace HdCluster.Actors.Tests.TestKit;

internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > TestTimeouts.Default)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
