using Akka.Actor;
using Akka.Persistence;
using Akka.Serialization;

namespace HdCluster.Engine.Cluster.Tests;

public sealed class StableManifestTests
{
    [Fact]
    public async Task A_journal_written_under_one_class_name_reads_back_after_the_class_is_renamed()
    {
        var folder = Directory.CreateTempSubdirectory("hdc-journal-");
        try
        {
            var journal = Path.Combine(folder.FullName, "journal.db");
            var hocon = JournalHocon(journal);
            using (var before = TestSystems.Create("before", hocon, new WireManifests([("sweep-noted/v1", typeof(SweepNotedBeforeRename))])))
            {
                var writer = before.ActorOf(Props.Create(() => new NoteKeeper()), "writer");
                Assert.Equal(2, await writer.Ask<int>(new SweepNotedBeforeRename("mnist-logreg", 200), TimeSpan.FromSeconds(20)));
                Assert.Equal(2, await writer.Ask<int>(new SweepNotedBeforeRename("cifar-vgg", 48), TimeSpan.FromSeconds(20)));
                await before.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
            }

            var bytes = File.ReadAllBytes(journal);
            Assert.False(Contains(bytes, nameof(SweepNotedBeforeRename)), "the journal must not hold CLR type names");
            Assert.True(Contains(bytes, "sweep-noted/v1"), "the journal holds the stable manifest");

            using var after = TestSystems.Create("after", hocon, new WireManifests([("sweep-noted/v1", typeof(SweepNotedAfterRename))]));
            var reader = after.ActorOf(Props.Create(() => new NoteKeeper()), "writer");
            var recovered = await reader.Ask<IReadOnlyList<object>>(NoteKeeper.Recall.Instance, TimeSpan.FromSeconds(20));
            Assert.Equal([new SweepNotedAfterRename("mnist-logreg", 200), new SweepNotedAfterRename("cifar-vgg", 48)], recovered);
            await after.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_manifest_missing_from_the_table_is_an_error_naming_it()
    {
        using var system = TestSystems.Create("missing", "", new WireManifests([("sweep-noted/v1", typeof(SweepNotedAfterRename))]));
        var serializer = (SerializerWithStringManifest)system.Serialization.FindSerializerForType(typeof(SweepNotedAfterRename));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "sweep-dropped/v1"));
        Assert.Contains("'sweep-dropped/v1'", error.Message);
        Assert.Contains("sweep-noted/v1", serializer.Manifest(new SweepNotedAfterRename("x", 1)));
    }

    [Theory]
    [InlineData("SweepNoted")]
    [InlineData("sweep-noted")]
    [InlineData("sweep-noted/v0")]
    public void A_manifest_without_a_version_is_refused(string manifest) =>
        Assert.Throws<ArgumentException>(() => new WireManifests([(manifest, typeof(SweepNotedAfterRename))]));

    [Fact]
    public void One_manifest_for_two_types_is_refused() =>
        Assert.Contains("both", Assert.Throws<ArgumentException>(() =>
            new WireManifests([("sweep-noted/v1", typeof(SweepNotedAfterRename)), ("sweep-noted/v1", typeof(SweepNotedBeforeRename))])).Message);

    [Fact]
    public void Derived_properties_stay_home_and_doubles_arrive_to_the_last_bit()
    {
        using var system = TestSystems.Create("derived", "", new WireManifests([("cell-measured/v1", typeof(CellMeasured))]));
        var serializer = (SerializerWithStringManifest)system.Serialization.FindSerializerForType(typeof(CellMeasured));
        var sent = new CellMeasured("cuda:0", [0.1 + 0.2, double.NaN, double.PositiveInfinity, 1e-310]) { Seed = 7 };
        var bytes = serializer.ToBinary(sent);
        Assert.DoesNotContain("Resolved", System.Text.Encoding.UTF8.GetString(bytes));
        var received = (CellMeasured)serializer.FromBinary(bytes, "cell-measured/v1");
        Assert.Equal((sent.Device, sent.Seed), (received.Device, received.Seed));
        Assert.Equal(sent.Losses.Select(BitConverter.DoubleToInt64Bits), received.Losses.Select(BitConverter.DoubleToInt64Bits));
    }

    private static string JournalHocon(string journal) => $$"""
        akka.persistence {
          journal.plugin = "akka.persistence.journal.sql"
          journal.sql { connection-string = "Data Source={{journal}}", provider-name = "SQLite.MS", auto-initialize = true }
          snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
          snapshot-store.sql { connection-string = "Data Source={{journal}}", provider-name = "SQLite.MS", auto-initialize = true }
        }
        """;

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle)) >= 0;

    private sealed record CellMeasured(string Device, IReadOnlyList<double> Losses)
    {
        public long Seed { get; init; }

        public string ResolvedDevice => Device.StartsWith("cuda", StringComparison.Ordinal) ? throw new InvalidOperationException("no GPU here") : Device;
    }

    private sealed record SweepNotedBeforeRename(string Sweep, int Cells);

    private sealed record SweepNotedAfterRename(string Sweep, int Cells);

    // Persists whatever it is told and answers with how many it holds; Recall answers with all of them.
    private sealed class NoteKeeper : ReceivePersistentActor
    {
        private readonly List<object> notes = [];

        public NoteKeeper()
        {
            Recover<object>(e => { if (e is not RecoveryCompleted) { notes.Add(e); } });
            Command<Recall>(_ => Sender.Tell((IReadOnlyList<object>)notes.ToList()));
            Command<object>(e => Persist(e, persisted =>
            {
                notes.Add(persisted);
                Sender.Tell(2);
            }));
        }

        public override string PersistenceId => "note-keeper";

        public sealed record Recall
        {
            public static Recall Instance { get; } = new();
        }
    }
}
