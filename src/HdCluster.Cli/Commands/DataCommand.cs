using System.CommandLine;
using HdCluster.Data;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc data verify</c> and <c>hdc data fetch NAME</c>.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "check and download data sets");
        var data = CommonOptions.Data();
        var verify = new Command("verify", "check the data sets present against their SHA-256 sums; fails on a corrupt or incomplete set, or an absent required one (mnist)") { data };
        verify.SetAction(parse => Verify(parse.GetValue(data)));
        var name = new Argument<string>("name") { Description = "mnist, cifar10 or tinyshakespeare" };
        var fetchData = CommonOptions.Data();
        var fetch = new Command("fetch", "download a data set from its official address, with resume and checksum verification") { name, fetchData };
        fetch.SetAction((parse, cancel) => Fetch(parse.GetValue(name)!, parse.GetValue(fetchData), cancel));
        command.Subcommands.Add(verify);
        command.Subcommands.Add(fetch);
        return command;
    }

    private static int Verify(string? dataRoot)
    {
        var root = CommonOptions.ResolveDataRoot(dataRoot);
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"hdc data verify: the data root '{root}' does not exist");
            return 2;
        }

        IReadOnlyList<DataSetCheck> sets;
        try
        {
            sets = new DataVerifier().VerifySets(root);
        }
        catch (DataFileException e)
        {
            Console.Error.WriteLine($"hdc data verify: {e.Message}");
            return 1;
        }

        var table = new Table().AddColumns("data set", "file", "status", "detail");
        foreach (var set in sets)
        {
            if (set.Presence == DataSetPresence.Absent)
            {
                var status = set.Required ? "[red]absent (required)[/]" : "[yellow]absent (optional)[/]";
                table.AddRow(set.Name, $"{set.Files.Count} files", status, Markup.Escape($"fetch with: hdc data fetch {set.Name}"));
                continue;
            }

            foreach (var check in set.Files)
            {
                var status = check.Status switch
                {
                    FileCheckStatus.Ok => "[green]ok[/]",
                    FileCheckStatus.Missing => "[red]missing[/]",
                    _ => "[red]corrupt[/]",
                };
                table.AddRow(set.Name, Markup.Escape(check.RelativePath), status, Markup.Escape(check.Detail));
            }
        }

        AnsiConsole.MarkupLine($"data root: {Markup.Escape(root)}");
        AnsiConsole.Write(table);
        string Names(IEnumerable<DataSetCheck> s) => s.Any() ? string.Join(", ", s.Select(c => c.Name)) : "none";
        Console.WriteLine($"present: {Names(sets.Where(s => s.Presence == DataSetPresence.Present))}; absent: {Names(sets.Where(s => s.Presence == DataSetPresence.Absent))}");
        var failed = sets.Where(s => !s.Passed).ToList();
        foreach (var set in failed)
        {
            var why = set.Presence switch
            {
                DataSetPresence.Absent => "is required and absent",
                DataSetPresence.Incomplete => "is incomplete",
                _ => "has a corrupt file",
            };
            Console.Error.WriteLine($"hdc data verify: {set.Name} {why}; fetch it again with: hdc data fetch {set.Name}");
        }

        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<int> Fetch(string name, string? dataRoot, CancellationToken cancel)
    {
        if (DataCatalog.Find(name) is not { } set)
        {
            Console.Error.WriteLine($"hdc data fetch: unknown data set '{name}' (expected {string.Join(", ", DataCatalog.All.Select(s => s.Name))})");
            return 2;
        }

        var root = dataRoot ?? Environment.GetEnvironmentVariable("HDC_DATA") ?? "data";
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        var fetcher = new DataFetcher(http);
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new Progress<DownloadProgress>(p =>
            {
                if (!tasks.TryGetValue(p.RelativePath, out var task))
                {
                    task = tasks[p.RelativePath] = context.AddTask(Markup.Escape(p.RelativePath));
                }

                task.MaxValue = Math.Max(1, p.BytesTotal > 0 ? p.BytesTotal : p.BytesDone);
                task.Value = p.BytesDone;
            });
            await fetcher.FetchAsync(set, root, progress, cancel);
        });
        AnsiConsole.MarkupLine($"[green]{Markup.Escape(name)}[/] is in {Markup.Escape(Path.GetFullPath(root))}");
        return 0;
    }
}
