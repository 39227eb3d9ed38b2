namespace HdCluster.Actors;

internal static class ActorNames
{
    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var c in name)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                // The name is one segment of a path that ends up in logs and lookups, so it must not split or blur.
                throw new ArgumentException(
                    $"Actor name '{name}' may not contain '/', whitespace or control characters.", nameof(name));
            }
        }
    }
}
