using Akka.Actor;

namespace HdCluster.Engine.Cluster.Tests;

public sealed class RemotingFrameTests
{
    [Fact]
    public async Task A_message_far_over_akkas_default_frame_crosses_between_two_systems()
    {
        var table = new WireManifests([("curves-sent/v1", typeof(CurvesSent)), ("curves-received/v1", typeof(CurvesReceived))]);
        var settings = ClusterSettings.Parse("seed_nodes: [127.0.0.1:4053]\n", "test.yaml", _ => null);
        var hocon = ClusterNodeHocon.For(settings, ClusterRole.Client, 0);
        using var receiving = TestSystems.Create("hdcluster", hocon, table);
        using var sending = TestSystems.Create("hdcluster", hocon, table);
        receiving.ActorOf(Props.Create(() => new Counter()), "counter");
        var address = ((ExtendedActorSystem)receiving).Provider.DefaultAddress;

        // A cell of 100 epochs x 600 steps: 60,000 curve rows, about 1.7 MB of JSON (Akka's default frame is 128 KiB).
        var rows = Enumerable.Range(0, 60_000).Select(i => new CurveRow(i, 1.0 / (i + 1), 0.001 * i)).ToArray();
        var counter = sending.ActorSelection($"{address}/user/counter");
        var answer = await counter.Ask<CurvesReceived>(new CurvesSent("cell-0042", rows), TimeSpan.FromSeconds(30));
        Assert.Equal(new CurvesReceived("cell-0042", 60_000, rows[^1].Loss), answer);
    }

    private sealed record CurveRow(int Step, double Loss, double LearningRate);

    private sealed record CurvesSent(string Cell, CurveRow[] Rows);

    private sealed record CurvesReceived(string Cell, int Rows, double LastLoss);

    private sealed class Counter : ReceiveActor
    {
        public Counter() => Receive<CurvesSent>(m => Sender.Tell(new CurvesReceived(m.Cell, m.Rows.Length, m.Rows[^1].Loss)));
    }
}
