using System.Text.RegularExpressions;

namespace HdCluster.Sweeps;

/// <summary>
/// Text with <c>{name}</c> placeholders, filled from a cell's template variables. Braces are not part of the
/// optimizer spec language, so every brace must belong to a well-formed placeholder.
/// </summary>
internal sealed partial class Template
{
    private Template(string text, string field, SweepPosition position, IReadOnlyList<string> names)
    {
        Text = text;
        Field = field;
        Position = position;
        Names = names;
    }

    public string Text { get; }

    /// <summary>The key it was written under (<c>optimizer</c>, <c>tower.base</c>, ...), for messages.</summary>
    public string Field { get; }

    public SweepPosition Position { get; }

    /// <summary>The placeholder names, each once, in order of first use.</summary>
    public IReadOnlyList<string> Names { get; }

    private List<(string Literal, string? Name)>? parts;

    public static Template Parse(string text, string field, SweepPosition position)
    {
        var names = new List<string>();
        var rest = Placeholder().Replace(text, m =>
        {
            var name = m.Groups[1].Value.Trim();
            if (!Identifier().IsMatch(name))
            {
                throw new SweepFileException(position, field,
                    $"'{m.Value}' is not a placeholder: write {{name}} with a name of letters, digits and '_' (in '{text}')");
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }

            return "";
        });
        if (rest.IndexOfAny(['{', '}']) >= 0)
        {
            throw new SweepFileException(position, field, $"unmatched brace in '{text}': placeholders are written {{name}}");
        }

        return new Template(text, field, position, names);
    }

    /// <summary>Fills every placeholder from <paramref name="variables"/>.</summary>
    /// <param name="cell">Describes the cell, for the message when a variable has no value there.</param>
    public string Fill(IReadOnlyDictionary<string, string> variables, Func<string> cell)
    {
        var missing = Names.FirstOrDefault(n => !variables.ContainsKey(n));
        if (missing != null)
        {
            throw new SweepFileException(Position, Field,
                $"placeholder {{{missing}}} has no value in {cell()}; give '{missing}' in fixed, as a grid axis or in the cell (in '{Text}')");
        }

        if (Names.Count == 0)
        {
            return Text;
        }

        // Filled for every cell of a sweep: concatenating the parts found once is far cheaper than a regex pass.
        parts ??= Parts();
        var filled = new System.Text.StringBuilder(Text.Length + 16);
        foreach (var (literal, name) in parts)
        {
            filled.Append(name is null ? literal : variables[name]);
        }

        return filled.ToString();
    }

    // The text split into literal runs and placeholder names (a part is one or the other).
    private List<(string Literal, string? Name)> Parts()
    {
        var list = new List<(string, string?)>();
        var at = 0;
        foreach (Match m in Placeholder().Matches(Text))
        {
            list.Add((Text[at..m.Index], null));
            list.Add(("", m.Groups[1].Value.Trim()));
            at = m.Index + m.Length;
        }

        list.Add((Text[at..], null));
        return list;
    }

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
