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
        var verify = new Command("verify", "check every known data file against its SHA-256") { data };
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
        var table = new Table().AddColumns("file", "status", "detail");
        var bad = 0;
        foreach (var check in new DataVerifier().Verify(root))
        {
            var ok = check.Status == FileCheckStatus.Ok;
            bad += ok ? 0 : 1;
            table.AddRow(Markup.Escape(check.RelativePath), ok ? "[green]ok[/]" : $"[red]{check.Status}[/]", Markup.Escape(check.Detail));
        }

        AnsiConsole.MarkupLine($"data root: {Markup.Escape(root)}");
        AnsiConsole.Write(table);
        return bad == 0 ? 0 : 1;
    }

    private static async Task<int> Fetch(string name, string? dataRoot, CancellationToken cancel)
    {
        var set = DataCatalog.Find(name) ?? throw new ArgumentException($"unknown data set '{name}' (expected mnist, cifar10 or tinyshakespeare)");
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
