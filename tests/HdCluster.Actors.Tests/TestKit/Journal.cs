namespace HdCluster.Actors.Tests.TestKit;

/// <summary>A thread-safe, ordered record of lifecycle events, written by actors and read by the test.</summary>
internal sealed class Journal
{
    private readonly List<string> entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public void Record(string entry)
    {
        lock (entries)
        {
            entries.Add(entry);
        }
    }
}
