namespace HdCluster.Sweeps;

/// <summary>
/// Loads a sweep file (YAML; the schema is in <c>sweeps/README.md</c>) into a <see cref="Sweep"/>. Loading
/// expands and checks every cell, so any mistake surfaces here, before anything runs, as a
/// <see cref="SweepFileException"/> naming file, line, column and field.
/// </summary>
public static class SweepFile
{
    public static Sweep Load(string path)
    {
        if (Directory.Exists(path))
        {
            var yamls = Directory.EnumerateFiles(path, "*.y*ml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(5).ToList();
            throw new SweepFileException(new SweepPosition(path, 1, 1), "file",
                $"is a directory, not a sweep file; give one of its files{(yamls.Count > 0 ? $" ({string.Join(", ", yamls)})" : "")}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SweepFileException(new SweepPosition(path, 1, 1), "file", $"cannot read the sweep file: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <param name="file">Names the source in messages and gives the default sweep name.</param>
    public static Sweep Parse(string yaml, string file)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(file);
        return SweepExpander.Expand(SweepDocumentReader.Read(yaml, file), file);
    }
}
