using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// JSON (System.Text.Json) under the stable manifests of a <see cref="WireManifests"/> table, for every message that
/// crosses the wire and every event in the journal. Actor references travel as their full path and resolve on the
/// receiving system.
/// </summary>
public sealed class StableManifestSerializer : SerializerWithStringManifest
{
    /// <summary>Akka's id for this serializer in the journal; fixed forever (ids below 100 are Akka's own).</summary>
    public const int Id = 4053;

    private readonly WireManifests table;
    private readonly JsonSerializerOptions options;

    public StableManifestSerializer(ExtendedActorSystem system, WireManifests table)
        : base(system)
    {
        this.table = table;
        options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            Converters = { new ActorRefConverter(system), new JsonStringEnumConverter() },
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { DataOnly } },
        };
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => table.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), options);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!table.TryGetType(manifest, out var type))
        {
            throw new SerializationException($"no type is registered for manifest '{manifest}' ({table.Count} manifests known): add its row to the wire manifest table");
        }

        return JsonSerializer.Deserialize(bytes, type, options)
            ?? throw new SerializationException($"manifest '{manifest}' decoded to null");
    }

    // Only what a message is made of travels: a property that can be set (init) or is a constructor parameter.
    // Derived, get-only properties (a config's resolved device, say) are recomputed on arrival, never sent.
    private static void DataOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var parameters = info.Type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Select(p => p.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && !parameters.Contains(property.Name))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { Length: > 0 } path ? system.Provider.ResolveActorRef(path) : ActorRefs.Nobody;

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Serialization.SerializedActorPath(value));
    }
}
