using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// The table of every message that crosses the wire or the journal, each under a manifest that never changes
/// ("cell-finished/v1"). The journal stores the manifest, never a CLR type name, so a class can be renamed or moved
/// by changing its row here; a changed shape gets a new manifest ("/v2") with the old row kept to read old journals.
/// </summary>
public sealed partial class WireManifests
{
    private readonly FrozenDictionary<string, Type> types;
    private readonly FrozenDictionary<Type, string> manifests;

    public WireManifests(IEnumerable<(string Manifest, Type Type)> rows)
    {
        var byManifest = new Dictionary<string, Type>(StringComparer.Ordinal);
        var byType = new Dictionary<Type, string>();
        foreach (var (manifest, type) in rows)
        {
            if (!ManifestShape().IsMatch(manifest))
            {
                throw new ArgumentException($"manifest '{manifest}' must look like 'cell-finished/v1' (lower-case words, '/v' and a version)");
            }

            if (!byManifest.TryAdd(manifest, type))
            {
                throw new ArgumentException($"manifest '{manifest}' is given to both {byManifest[manifest].Name} and {type.Name}");
            }

            // A type may be read under an old manifest too, but it is written under its first one.
            byType.TryAdd(type, manifest);
        }

        types = byManifest.ToFrozenDictionary(StringComparer.Ordinal);
        manifests = byType.ToFrozenDictionary();
    }

    public IEnumerable<Type> Types => manifests.Keys;

    public int Count => types.Count;

    public string ManifestOf(Type type) =>
        manifests.TryGetValue(type, out var manifest)
            ? manifest
            : throw new InvalidOperationException($"{type.FullName} has no wire manifest: add it to the table before sending or persisting it");

    public bool TryGetType(string manifest, out Type type) => types.TryGetValue(manifest, out type!);

    /// <summary>A new table with <paramref name="more"/> rows added (the engine's and the cluster's messages together).</summary>
    public WireManifests With(IEnumerable<(string Manifest, Type Type)> more) =>
        new(types.Select(kv => (kv.Key, kv.Value)).Concat(more));

    [GeneratedRegex("^[a-z][a-z0-9-]*/v[1-9][0-9]*$")]
    private static partial Regex ManifestShape();
}
