using System.CommandLine;
using HdCluster.Data;
using HdCluster.Training.Replay;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc replay DIR...</c>: reproduce golden optimizer trajectories and report the worst errors.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("case-dirs") { Description = "reference case folders (each with case.json, trace.csv, ...)", Arity = ArgumentArity.OneOrMore };
        var data = CommonOptions.Data();
        var tolerance = new Option<double>("--tolerance") { Description = "maximum relative error", DefaultValueFactory = _ => ReplayRunner.DefaultTolerance };
        var strict = new Option<bool>("--strict") { Description = "fail a chaotic case beyond the tolerance even where float64 rounding alone moves the trajectory as far" };
        var command = new Command("replay", "replay reference optimizer traces and compare step by step") { dirs, data, tolerance, strict };
        command.SetAction(parse => Run(parse.GetValue(dirs)!, parse.GetValue(data), parse.GetValue(tolerance), parse.GetValue(strict)));
        return command;
    }

    private static int Run(string[] dirs, string? dataRoot, double tolerance, bool strict)
    {
        // A shell glob over the traces folder also matches its README: files are skipped, while a folder
        // without case.json is an error, since it was meant to be a case.
        foreach (var file in dirs.Where(File.Exists))
        {
            Console.Error.WriteLine($"hdc replay: skipping file '{file}' (not a case folder)");
        }

        var folders = dirs.Where(d => !File.Exists(d)).ToList();
        var notCases = folders.Where(d => !File.Exists(Path.Combine(d, "case.json"))).ToList();
        if (notCases.Count > 0)
        {
            var names = string.Join(", ", notCases.Select(d => $"'{d}'"));
            Console.Error.WriteLine($"hdc replay: not {(notCases.Count == 1 ? "a reference case folder" : "reference case folders")} (no case.json): {names}");
        }

        var cases = folders.Except(notCases).ToList();
        if (cases.Count == 0)
        {
            return 2;
        }

        var mnist = Mnist.LoadTrain(CommonOptions.ResolveDataRoot(dataRoot));
        var failures = 0;
        foreach (var dir in cases)
        {
            string line;
            try
            {
                var result = ReplayRunner.Run(ReferenceCase.Load(dir), mnist, tolerance);
                var ok = strict ? result.StrictlyPassed : result.Passed;
                failures += ok ? 0 : 1;
                var errors = string.Join("  ", result.MaxRelativeError.Select(kv => $"{kv.Key}={kv.Value:E2}"));
                var note = result.StrictlyPassed ? "" : $"  (beyond {tolerance:E0} from step {result.FirstStepBeyondTolerance}; rounding spread {result.MaxSpread.Values.Max():E1}{(result.WithinRoundingSpread ? ", within 100x of it" : "")})";
                line = $"{(ok ? "PASS" : "FAIL")}  {result.CaseName,-20} {result.Steps} steps  {errors}{note}";
            }
            catch (ReplayCaseException e)
            {
                failures++;
                line = $"ERROR {e.Message}";
            }

            Console.WriteLine(line);
        }

        Console.WriteLine($"replay: {cases.Count - failures} passed, {failures} failed");
        return failures == 0 && notCases.Count == 0 ? 0 : 1;
    }
}
