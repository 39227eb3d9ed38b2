using System.CommandLine;
using System.Globalization;
using HdCluster.Results;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary>
/// <c>hdc query RESULTS_DIR SQL</c>: one read-only SQL statement over a sweep's <c>cells</c> and <c>curves</c>.
/// The store refuses anything but a read (COPY, ATTACH, SET, INSTALL, LOAD, files outside the folder), so
/// exporting is an explicit option here: <c>--csv</c> to stdout, <c>--parquet FILE</c> outside the results folder.
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var folder = new Argument<string?>("results-dir") { Description = "a sweep's results folder, e.g. results/quickstart", Arity = ArgumentArity.ZeroOrOne };
        var sql = new Argument<string?>("sql") { Description = "one SELECT over the tables 'cells' and 'curves'", Arity = ArgumentArity.ZeroOrOne };
        var results = new Option<string?>("--results") { Description = "the results folder, as an option (then SQL is the only argument)" };
        var csv = new Option<bool>("--csv") { Description = "print the whole result as CSV on stdout instead of a table" };
        var parquet = new Option<string?>("--parquet") { Description = "write the whole result to this Parquet file (outside the results folder)" };
        var limit = new Option<int>("--max-rows") { Description = "rows to show in table form", DefaultValueFactory = _ => 200 };
        var command = new Command("query", "run one read-only SQL statement over a sweep's results (DuckDB)") { folder, sql, results, csv, parquet, limit };
        command.SetAction(parse =>
        {
            var (dir, text) = (parse.GetValue(results), parse.GetValue(folder), parse.GetValue(sql)) switch
            {
                (null, var d, var q) => (d, q),
                (var d, var q, null) => (d, q),
                (_, _, _) => (null, null),
            };
            if (dir is null || string.IsNullOrWhiteSpace(text))
            {
                Console.Error.WriteLine("hdc query: give the results folder and one SQL statement, e.g. hdc query results/quickstart \"SELECT * FROM cells\"");
                return 2;
            }

            if (parse.GetValue(csv) && parse.GetValue(parquet) is not null)
            {
                Console.Error.WriteLine("hdc query: --csv and --parquet each export the result; choose one");
                return 2;
            }

            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"hdc query: '{dir}' does not exist");
                return 2;
            }

            using var store = new ResultsStore(dir);
            try
            {
                if (parse.GetValue(parquet) is { } file)
                {
                    var rows = store.ExportParquet(text, file);
                    Console.Error.WriteLine($"hdc query: wrote {rows} row(s) to {Path.GetFullPath(file)}");
                    return 0;
                }

                var result = store.Query(text);
                if (parse.GetValue(csv))
                {
                    WriteCsv(result, Console.Out);
                    return 0;
                }

                var view = new Table().AddColumns(result.Columns.Select(c => Markup.Escape(c.Name)).ToArray());
                foreach (var row in result.Rows.Take(parse.GetValue(limit)))
                {
                    view.AddRow(row.Select(v => Markup.Escape(Format(v))).ToArray());
                }

                AnsiConsole.Write(view);
                Console.WriteLine($"{result.Rows.Count} row(s)");
                return 0;
            }
            catch (QueryRefusedException e)
            {
                Console.Error.WriteLine($"hdc query: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is DuckDbException or ResultsStoreException)
            {
                Console.Error.WriteLine($"hdc query: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; NULL is an empty field.</summary>
    private static void WriteCsv(QueryResult result, TextWriter output)
    {
        output.WriteLine(string.Join(",", result.Columns.Select(c => Quote(c.Name))));
        foreach (var row in result.Rows)
        {
            output.WriteLine(string.Join(",", row.Select(v => Quote(v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Format(v)))));
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
