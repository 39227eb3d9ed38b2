using YamlDotNet.RepresentationModel;

namespace HdCluster.Deploy.Tests;

/// <summary>Reading rendered Kubernetes objects: paths of mapping keys, labels, selectors.</summary>
internal static class Yaml
{
    public static string Kind(YamlMappingNode doc) => Text(doc, "kind");

    public static string Name(YamlMappingNode doc) => Text(doc, "metadata", "name");

    public static YamlMappingNode Single(IReadOnlyList<YamlMappingNode> docs, string kind, string name) =>
        Assert.Single(docs, d => Kind(d) == kind && Name(d) == name);

    public static YamlMappingNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => (YamlMappingNode)n[key]);

    public static bool Has(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(key, out var next))
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    /// <summary>The scalar at the path, "" when there is none.</summary>
    public static string Text(YamlMappingNode node, params string[] path) =>
        Has(node, path) ? Node(node, path[..^1])[path[^1]].ToString() : "";

    /// <summary>The mappings of the sequence at the path, none when there is no such sequence.</summary>
    public static IReadOnlyList<YamlMappingNode> Items(YamlMappingNode node, params string[] path) =>
        Has(node, path) && Node(node, path[..^1])[path[^1]] is YamlSequenceNode sequence ? sequence.Cast<YamlMappingNode>().ToList() : [];

    /// <summary>The scalars of the sequence at the path, none when there is no such sequence.</summary>
    public static IReadOnlyList<string> Strings(YamlMappingNode node, params string[] path) =>
        Has(node, path) && Node(node, path[..^1])[path[^1]] is YamlSequenceNode sequence ? sequence.Select(n => n.ToString()).ToList() : [];

    /// <summary>A selector's matchLabels, or the labels in an object's (or pod template's) metadata.</summary>
    public static Dictionary<string, string> Labels(YamlMappingNode node) =>
        node.Children.TryGetValue("matchLabels", out var match) || (node.Children.TryGetValue("metadata", out var meta) && ((YamlMappingNode)meta).Children.TryGetValue("labels", out match))
            ? ((YamlMappingNode)match).Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString())
            : [];

    /// <summary>A selector matches when every label it names is on the pod with the same value (an empty one matches nothing here).</summary>
    public static bool Matches(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
