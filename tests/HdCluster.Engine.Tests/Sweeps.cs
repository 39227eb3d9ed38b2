using HdCluster.Sweeps;

namespace HdCluster.Engine.Tests;

/// <summary>Sweep files of tiny cells: logistic regression on 1000 training and 500 validation examples,
/// batches of 128, so 8 steps an epoch and well under a second a cell.</summary>
internal static class Sweeps
{
    public const string TinyFixed = """
        fixed:
          model: logreg
          epochs: 1
          train_limit: 1000
          valid_limit: 500
        """;

    /// <summary>Writes <paramref name="yaml"/> as <c>FOLDER/FILE</c> and loads it as hdc would.</summary>
    public static Sweep Load(TempFolder folder, string yaml, string file = "sweep.yaml") => SweepFile.Load(Write(folder, yaml, file));

    public static string Write(TempFolder folder, string yaml, string file = "sweep.yaml")
    {
        var path = folder.Sub(file);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>A sweep named <paramref name="name"/> of <see cref="TinyFixed"/> cells, one per entry (a flow mapping).</summary>
    public static Sweep Tiny(TempFolder folder, string name, params string[] cells) =>
        Load(folder, TinyYaml(name, cells), $"{name}-{cells.Length}.yaml");

    public static string TinyYaml(string name, params string[] cells) =>
        $"name: {name}\n{TinyFixed}\ncells:\n{string.Join("\n", cells.Select(c => $"  - {c}"))}\n";

    /// <summary>Cells that differ only in their seed.</summary>
    public static string[] Seeds(int count, string optimizer = "sgd(lr=0.01)") =>
        Enumerable.Range(1, count).Select(s => $"{{optimizer: \"{optimizer}\", seed: {s}}}").ToArray();
}
