using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HdCluster.Sweeps;

/// <summary>Reads a sweep file's YAML into a <see cref="SweepDocument"/>, checking every key and the type of
/// every value, each error carrying the line and column of the node at fault.</summary>
internal sealed partial class SweepDocumentReader
{
    private static readonly string[] TopKeys = ["name", "description", "fixed", "grid", "sample", "cells", "fuse"];
    private static readonly string[] SampleKeys = ["count", "seed", "method", "values"];
    private static readonly string[] Distributions = ["uniform", "log_uniform", "choice"];

    /// <summary>More drawn points than this in one sample is a typo, not a search (grids multiply it further).</summary>
    private const int MaxSamples = 100_000;
    private static readonly string[] TowerKeys = ["base", "level", "height"];

    private readonly string file;

    private SweepDocumentReader(string file)
    {
        this.file = file;
    }

    public static SweepDocument Read(string yaml, string file) => new SweepDocumentReader(file).Document(yaml);

    private SweepDocument Document(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw YamlSyntax.Diagnose(yaml, file) ?? new SweepFileException(At(e.Start), "yaml", OneLine(BareMessage(e)));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections, with no position to report.
            throw YamlSyntax.Diagnose(yaml, file) ?? new SweepFileException(new SweepPosition(file, 1, 1), "yaml", "the file is not valid YAML (check brackets and quotes)");
        }

        var start = new SweepPosition(file, 1, 1);
        if (stream.Documents.Count == 0)
        {
            throw new SweepFileException(start, "yaml", "the file is empty; a sweep needs at least fixed: or grid:");
        }

        if (stream.Documents.Count > 1)
        {
            throw new SweepFileException(At(stream.Documents[1].RootNode), "yaml", "one sweep per file: remove the second document ('---')");
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new SweepFileException(At(stream.Documents[0].RootNode), "yaml", "a sweep file is a mapping of name, description, fixed, grid, cells and fuse");

        string? name = null, description = null;
        var fuse = FuseSetting.Auto;
        var fixedLayer = new Layer([], At(root));
        List<Axis>? grid = null;
        List<Layer>? cells = null;
        Axis? sample = null;
        foreach (var (keyNode, value) in Entries(root, "sweep"))
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            switch (key)
            {
                case "name":
                    name = Name(value);
                    break;
                case "description":
                    description = Scalar(value, "description", nullable: true);
                    break;
                case "fuse":
                    var text = Scalar(value, "fuse", nullable: false)!;
                    fuse = FuseSetting.TryParse(text)
                        ?? throw new SweepFileException(At(value), "fuse", $"expected auto, off or a whole number of at least 1 (the largest group), found '{text}'");
                    break;
                case "fixed":
                    fixedLayer = LayerOf(value, "fixed");
                    break;
                case "grid":
                    grid = Grid(value);
                    break;
                case "cells":
                    cells = Cells(value);
                    break;
                case "sample":
                    sample = Sample(keyNode, value);
                    break;
                default:
                    var hint = SettingFields.IsField(key)
                        ? $"; cell settings go under fixed:, grid: or cells:"
                        : Suggestions.DidYouMean(key, TopKeys);
                    throw new SweepFileException(At(keyNode), key, $"unknown key (expected {string.Join(", ", TopKeys)}){hint}");
            }
        }

        // The sampled points are one more axis, after the grid's: each grid cell runs at every point.
        if (sample is not null)
        {
            grid = [.. grid ?? [], sample];
        }

        return new SweepDocument(file, name, description, fuse, fixedLayer, grid, cells, At(root));
    }

    private List<Axis> Grid(YamlNode node)
    {
        var mapping = node as YamlMappingNode
            ?? throw new SweepFileException(At(node), "grid", "expected a mapping of axes, each a list of values (alpha_0: [0.1, 0.01])");
        var axes = new List<Axis>();
        foreach (var (keyNode, value) in Entries(mapping, "grid"))
        {
            var name = ((YamlScalarNode)keyNode).Value!;
            var field = $"grid.{name}";
            var sequence = value as YamlSequenceNode
                ?? throw new SweepFileException(At(value), field,
                    $"an axis is a list of values, e.g. {name}: [{Describe(value)}]; a single value belongs in fixed:");
            if (sequence.Children.Count == 0)
            {
                throw new SweepFileException(At(value), field, "the axis is empty, so the grid would have no cells; give it at least one value or remove it");
            }

            var linked = !SettingFields.IsField(name) && sequence.Children.Any(c => c is YamlMappingNode);
            var values = new List<Layer>();
            foreach (var element in sequence.Children)
            {
                if (linked)
                {
                    if (element is not YamlMappingNode)
                    {
                        throw new SweepFileException(At(element), field,
                            "a linked axis (one whose values are mappings of settings that change together) needs every value to be a mapping");
                    }

                    values.Add(LayerOf(element, field));
                }
                else
                {
                    values.Add(new Layer([SettingOf(name, element, name)], At(element)));
                }
            }

            axes.Add(new Axis(name, values, linked, At(keyNode)));
        }

        if (axes.Count == 0)
        {
            throw new SweepFileException(At(node), "grid", "the grid has no axes; remove it or give at least one");
        }

        return axes;
    }

    /// <summary><c>sample: {count, seed, method, values: {key: {uniform|log_uniform: [low, high]} | {choice: [...]}}}</c>:
    /// <c>count</c> points drawn together over every key, as one axis whose values are the points.</summary>
    private Axis Sample(YamlNode keyNode, YamlNode node)
    {
        var mapping = node as YamlMappingNode
            ?? throw new SweepFileException(At(node), "sample", "expected a mapping: count, seed, method and values (e.g. values: {alpha_0: {log_uniform: [1e-4, 1e-1]}})");
        int? count = null;
        long seed = 1;
        var method = SampleMethod.Random;
        YamlMappingNode? values = null;
        foreach (var (keyEntry, value) in Entries(mapping, "sample"))
        {
            var key = ((YamlScalarNode)keyEntry).Value!;
            switch (key)
            {
                case "count":
                    count = Number(value, "sample.count", int.Parse, "a whole number of points");
                    if (count is < 1 or > MaxSamples)
                    {
                        throw new SweepFileException(At(value), "sample.count", $"expected from 1 to {MaxSamples:N0} points, found {count}");
                    }

                    break;
                case "seed":
                    seed = Number(value, "sample.seed", long.Parse, "a whole number");
                    break;
                case "method":
                    var text = Scalar(value, "sample.method", nullable: false)!;
                    method = text switch
                    {
                        "random" => SampleMethod.Random,
                        "sobol" => SampleMethod.Sobol,
                        "halton" => SampleMethod.Halton,
                        _ => throw new SweepFileException(At(value), "sample.method", $"expected random, sobol or halton, found '{text}'"),
                    };
                    break;
                case "values":
                    values = value as YamlMappingNode
                        ?? throw new SweepFileException(At(value), "sample.values", "expected a mapping of keys to distributions, e.g. alpha_0: {log_uniform: [1e-4, 1e-1]}");
                    break;
                default:
                    throw new SweepFileException(At(keyEntry), $"sample.{key}", $"unknown key (expected {string.Join(", ", SampleKeys)}){Suggestions.DidYouMean(key, SampleKeys)}");
            }
        }

        if (count is null)
        {
            throw new SweepFileException(At(node), "sample.count", "missing; say how many points to draw");
        }

        if (values is null || values.Children.Count == 0)
        {
            throw new SweepFileException(At(node), "sample.values", "missing; give at least one key to sample, e.g. alpha_0: {log_uniform: [1e-4, 1e-1]}");
        }

        var dimensions = values.Children.Select(kv => Distribution(((YamlScalarNode)kv.Key).Value!, kv.Value)).ToList();
        if (method != SampleMethod.Random && dimensions.Count > UnitPoints.MaxDimensions)
        {
            throw new SweepFileException(At(values), "sample.values", $"{method.ToString().ToLowerInvariant()} samples at most {UnitPoints.MaxDimensions} keys together, found {dimensions.Count}");
        }

        var points = UnitPoints.Draw(method, count.Value, dimensions.Count, unchecked((ulong)seed));
        var layers = points.Select(point => new Layer([.. dimensions.Select((d, i) => d(point[i]))], At(values))).ToList();
        var how = $"{method.ToString().ToLowerInvariant()}, {count} points, seed {seed}";
        return new Axis("sample", layers, Linked: true, At(keyNode), how);
    }

    /// <summary>Reads one key's distribution and returns how a coordinate in [0, 1) becomes that key's setting.</summary>
    private Func<double, Setting> Distribution(string key, YamlNode node)
    {
        var field = $"sample.values.{key}";
        if (SettingFields.Slot(key) == SettingFields.Optimizer)
        {
            throw new SweepFileException(At(node), field, "the optimizer is not sampled; sample the template variables it uses (e.g. alpha_0) instead");
        }

        var mapping = node as YamlMappingNode;
        if (mapping is not { Children.Count: 1 } || mapping.Children.First().Key is not YamlScalarNode { Value: { } kind } || !Distributions.Contains(kind))
        {
            throw new SweepFileException(At(node), field, $"expected one of {{uniform: [low, high]}}, {{log_uniform: [low, high]}} or {{choice: [a, b, ...]}}");
        }

        var list = mapping.Children.First().Value as YamlSequenceNode
            ?? throw new SweepFileException(At(mapping.Children.First().Value), field, $"{kind} takes a list: {(kind == "choice" ? "[a, b, ...]" : "[low, high]")}");
        var position = At(node);
        if (kind == "choice")
        {
            if (list.Children.Count == 0)
            {
                throw new SweepFileException(At(list), field, "choice needs at least one value");
            }

            var choices = list.Children.Select(c => SettingOf(key, c, field)).ToList();
            return u => choices[Math.Min(choices.Count - 1, (int)(u * choices.Count))];
        }

        var known = SettingFields.Find(key);
        if (known is not null && known.Kind != FieldKind.Double)
        {
            throw new SweepFileException(At(node), field, $"{key} takes {(known.Kind is FieldKind.Int or FieldKind.Long ? "whole numbers" : "no numbers drawn from a range")}; use choice: [...]");
        }

        if (list.Children.Count != 2)
        {
            throw new SweepFileException(At(list), field, $"{kind} takes two numbers, [low, high]");
        }

        var low = Number(list.Children[0], field, (t, st, c) => double.Parse(t, NumberStyles.Float, c), "a number");
        var high = Number(list.Children[1], field, (t, st, c) => double.Parse(t, NumberStyles.Float, c), "a number");
        if (!(low < high) || (kind == "log_uniform" && low <= 0))
        {
            throw new SweepFileException(At(list), field, kind == "log_uniform" ? "log_uniform needs 0 < low < high" : "uniform needs low < high");
        }

        return u =>
        {
            var x = kind == "log_uniform" ? Math.Exp(Math.Log(low) + (u * (Math.Log(high) - Math.Log(low)))) : low + (u * (high - low));
            // Four significant digits keep specs, ids and tables readable; the points stay where they were drawn.
            var rounded = double.Parse(x.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var text = rounded.ToString("R", CultureInfo.InvariantCulture);
            return new Setting(key, known is null ? text : rounded, text, position);
        };
    }

    private List<Layer> Cells(YamlNode node)
    {
        var sequence = node as YamlSequenceNode
            ?? throw new SweepFileException(At(node), "cells", "expected a list of cells, each a mapping of settings");
        if (sequence.Children.Count == 0)
        {
            throw new SweepFileException(At(node), "cells", "the list is empty; remove it or give at least one cell");
        }

        return [.. sequence.Children.Select((c, i) => LayerOf(c, $"cells[{i}]"))];
    }

    private Layer LayerOf(YamlNode node, string where)
    {
        var mapping = node as YamlMappingNode
            ?? throw new SweepFileException(At(node), where, "expected a mapping of settings (key: value)");
        var settings = new List<Setting>();
        foreach (var (keyNode, value) in Entries(mapping, where))
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            var slot = SettingFields.Slot(key);
            if (settings.Any(s => SettingFields.Slot(s.Key) == slot && s.Key != key))
            {
                throw new SweepFileException(At(keyNode), key, "give either optimizer or tower, not both");
            }

            settings.Add(SettingOf(key, value, key));
        }

        return new Layer(settings, At(node));
    }

    /// <summary>Reads one value for <paramref name="key"/>: typed when the key is a cell setting, the text of a
    /// template variable otherwise.</summary>
    private Setting SettingOf(string key, YamlNode node, string field)
    {
        var position = At(node);
        var known = SettingFields.Find(key);
        if (known is null)
        {
            if (node is not YamlScalarNode variable)
            {
                throw new SweepFileException(position, field,
                    $"'{key}' is not a cell setting, so it is a template variable, and a variable takes a single value (a number or text)");
            }

            return new Setting(key, VariableText(variable), variable.Value ?? "", position);
        }

        if (known.Kind == FieldKind.Tower)
        {
            return new Setting(key, Tower(node, field), Describe(node), position);
        }

        if (known.Kind == FieldKind.Widths)
        {
            if (IsNull(node))
            {
                return new Setting(key, null, "null", position);
            }

            var sequence = node as YamlSequenceNode
                ?? throw new SweepFileException(position, field, $"expected a list of layer widths such as [1000, 1000], found '{Describe(node)}'");
            var widths = sequence.Children.Select(c => (long)Number(c, field, long.Parse, "a whole number (a layer width)", min: 1)).ToArray();
            return new Setting(key, widths, Describe(node), position);
        }

        var text = Scalar(node, field, known.Nullable);
        if (text is null)
        {
            return new Setting(key, null, "null", position);
        }

        object value = known.Kind switch
        {
            FieldKind.Text => text,
            FieldKind.Template => Template.Parse(text, field, position),
            FieldKind.Int => Number(node, field, int.Parse, "a whole number"),
            FieldKind.Long => Number(node, field, long.Parse, "a whole number"),
            FieldKind.Double => Number(node, field, (s, st, c) => double.Parse(s, NumberStyles.Float, c), "a number"),
            _ => text.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw new SweepFileException(position, field, $"expected true or false, found '{text}'"),
            },
        };
        return new Setting(key, value, text, position);
    }

    private TowerTemplate Tower(YamlNode node, string field)
    {
        var mapping = node as YamlMappingNode
            ?? throw new SweepFileException(At(node), field, "expected a mapping {base: \"sgd({alpha_0})\", level: \"rmsprop(auto)\", height: \"{height}\"}");
        var parts = new Dictionary<string, Template>();
        foreach (var (keyNode, value) in Entries(mapping, field))
        {
            var key = ((YamlScalarNode)keyNode).Value!;
            if (!TowerKeys.Contains(key))
            {
                throw new SweepFileException(At(keyNode), $"{field}.{key}", $"unknown key (expected {string.Join(", ", TowerKeys)}){Suggestions.DidYouMean(key, TowerKeys)}");
            }

            parts[key] = Template.Parse(Scalar(value, $"{field}.{key}", nullable: false)!, $"{field}.{key}", At(value));
        }

        var missing = TowerKeys.FirstOrDefault(k => !parts.ContainsKey(k));
        if (missing != null)
        {
            throw new SweepFileException(At(node), $"{field}.{missing}", "missing; a tower needs base, level and height");
        }

        return new TowerTemplate(parts["base"], parts["level"], parts["height"], At(node));
    }

    private string Name(YamlNode node)
    {
        var name = Scalar(node, "name", nullable: false)!;
        if (!NamePattern().IsMatch(name))
        {
            throw new SweepFileException(At(node), "name", $"'{name}' is not a usable sweep name: letters, digits, '.', '_' and '-' only (it names result folders)");
        }

        return name;
    }

    /// <summary>The mapping's entries, every key a plain scalar.</summary>
    private IEnumerable<(YamlNode Key, YamlNode Value)> Entries(YamlMappingNode mapping, string where)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } })
            {
                throw new SweepFileException(At(key), where, "keys must be plain names");
            }

            yield return (key, value);
        }
    }

    /// <summary>The scalar's text, or null for YAML's null (<c>~</c>, <c>null</c>, nothing) where allowed.</summary>
    private string? Scalar(YamlNode node, string field, bool nullable)
    {
        if (node is not YamlScalarNode scalar)
        {
            // `height: {height}` is a YAML mapping, not a placeholder: the classic slip, worth its own hint.
            var hint = node is YamlMappingNode { Children.Count: 1 } m && IsNull(m.Children.First().Value)
                ? $"; to write a placeholder, quote it: \"{{{((YamlScalarNode)m.Children.First().Key).Value}}}\""
                : "";
            throw new SweepFileException(At(node), field, $"expected a single value, found a {(node is YamlSequenceNode ? "list" : "mapping")}{hint}");
        }

        if (IsNull(scalar))
        {
            return nullable ? null : throw new SweepFileException(At(node), field, "a value is required here (null is not allowed)");
        }

        return scalar.Value ?? "";
    }

    private T Number<T>(YamlNode node, string field, Func<string, NumberStyles, IFormatProvider, T> parse, string expected, long min = long.MinValue)
        where T : IComparable<T>
    {
        var text = Scalar(node, field, nullable: false)!;
        // YAML 1.1 allows 60_000; researchers write it for data sizes.
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        T value;
        try
        {
            value = parse(digits, typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new SweepFileException(At(node), field, $"expected {expected}, found '{text}'");
        }

        if (value is long l && l < min)
        {
            throw new SweepFileException(At(node), field, $"expected {expected} of at least {min}, found '{text}'");
        }

        return value;
    }

    /// <summary>A variable's text as it enters a spec: plain numbers in invariant round-trip form (so 1e-3 and
    /// 0.001 read the same), anything else, and anything quoted, as written.</summary>
    private static string VariableText(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        return scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
            && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : text;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode q => $"[{string.Join(", ", q.Children.Select(Describe))}]",
        YamlMappingNode m => $"{{{string.Join(", ", m.Children.Select(kv => $"{Describe(kv.Key)}: {Describe(kv.Value)}"))}}}",
        _ => node.ToString(),
    };

    private SweepPosition At(YamlNode node) => At(node.Start);

    private SweepPosition At(Mark mark) => new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    // YamlException's message repeats the marks as "(Line: 3, Col: 1, Idx: 20) - (...): "; ours lead with them already.
    private static string BareMessage(YamlException e) => LeadingMarks().Replace(e.Message, "");

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex LeadingMarks();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
