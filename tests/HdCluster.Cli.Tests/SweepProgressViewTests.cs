using System.Text.RegularExpressions;
using HdCluster.Cli.Commands;
using HdCluster.Engine.Workers;
using Spectre.Console;

namespace HdCluster.Cli.Tests;

public sealed partial class SweepProgressViewTests
{
    private const string LongDescription = "model=mlp optimizer=adam_hd(lr=0.001, beta=1e-7, wd=1e-4) / sgd_hd(lr=auto, beta=1e-5) / sgd(auto) seed=10";

    [Theory]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void The_live_view_fits_the_terminal_with_each_workers_timers_on_its_own_line(int width)
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = width;

        // The columns hdc run uses.
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var view = new ProgressObserver(context, plainOutput: null, width: () => width);
                view.SweepStarted("chandra-tower-heights-with-a-long-name", 1000, 10, ["worker-cpu-0", "worker-cpu-1"]);
                view.CellStarted("worker-cpu-0", "4fd1f83198d27eca", LongDescription, attempt: 2);
                view.GroupStarted("worker-cpu-1", "group-ab44d84231a665d4", ["a", "b"], LongDescription, attempt: 1);
                view.CellProgressed(new CellProgressed("worker-cpu-0", "4fd1f83198d27eca", 12, 123456, 0.123456));
                view.CellFinished("worker-cpu-1", "group-ab44d84231a665d4", "completed", "valid loss 0.2833 " + LongDescription);
                view.Finish();
            });

        var lines = AnsiEscape().Replace(screen.ToString(), "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: '{l}'"));
        foreach (var worker in new[] { "worker-cpu-0", "worker-cpu-1" })
        {
            Assert.Contains(lines, l => l.Contains(worker, StringComparison.Ordinal) && Timer().IsMatch(l));
        }
    }

    [Fact]
    public void Progress_goes_before_the_cells_description_so_a_narrow_terminal_cuts_the_description()
    {
        var text = ProgressObserver.Fit("  worker-cpu-0: epoch 12, step 123456, loss 0.1235 | 4fd1f83198d27eca " + LongDescription, ProgressObserver.DescriptionWidth(100));

        Assert.Equal(28, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.StartsWith("  worker-cpu-0: epoch 12", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_the_view_prints_one_plain_line_per_finished_cell_and_nothing_while_cells_train()
    {
        var output = new StringWriter();
        var view = new ProgressObserver(context: null, plainOutput: output, width: () => 80);

        view.SweepStarted("quickstart", 8, 2, ["worker-cpu-0"]);
        view.CellStarted("worker-cpu-0", "c3", LongDescription, attempt: 1);
        view.CellProgressed(new CellProgressed("worker-cpu-0", "c3", 1, 100, 0.5));
        view.CellFinished("worker-cpu-0", "c3", "retrying", "out of memory\nat step 100");
        view.CellFinished("worker-cpu-0", "c3", "completed", "valid loss 0.3350");
        view.Finish();

        Assert.Equal(
            [
                "quickstart: 8 cells, 2 done before, on worker-cpu-0",
                "[2/8] c3 retrying on worker-cpu-0: out of memory at step 100",
                "[3/8] c3 completed on worker-cpu-0: valid loss 0.3350",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07)")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"\d\d:\d\d:\d\d|-:--:--")]
    private static partial Regex Timer();
}
