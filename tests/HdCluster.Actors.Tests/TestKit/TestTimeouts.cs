namespace HdCluster.Actors.Tests.TestKit;

/// <summary>Every wait in these tests is bounded so a broken kernel fails a test instead of hanging CI.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>How long to listen for a message that must not come; short, because it is paid on every passing run.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);
}
