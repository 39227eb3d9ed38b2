namespace HdCluster.Sweeps;

/// <summary>
/// Finds the usual YAML slips where the parser's own report is poor or wrong: a tab in indentation (the parser points
/// at the end of the line before), and a <c>[</c>, <c>{</c> or quote that is never closed (the parser points where it
/// gave up, or fails with no position at all). Used only once the parser has failed, so a file it reads is never
/// judged here; the check is a light scan of flow brackets and quotes, not a second parser.
/// </summary>
internal static class YamlSyntax
{
    public static SweepFileException? Diagnose(string yaml, string file)
    {
        var lines = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var open = new Stack<(char Bracket, int Line, int Column)>();
        (char Quote, int Line, int Column)? quote = null;
        for (var l = 0; l < lines.Length; l++)
        {
            var line = lines[l];
            if (open.Count == 0 && quote is null)
            {
                var indent = 0;
                while (indent < line.Length && line[indent] is ' ' or '\t')
                {
                    if (line[indent] == '\t' && line.AsSpan(indent).Trim().Length > 0)
                    {
                        return new SweepFileException(new SweepPosition(file, l + 1, indent + 1), "yaml", "a tab in indentation; YAML indents with spaces only");
                    }

                    indent++;
                }
            }

            // Where a value may start: after line start, ': ', '- ', ',', '[' or '{' (a quote or bracket inside a plain
            // word, as in "it's" or "see [1]", is text).
            var valueStart = true;
            for (var c = 0; c < line.Length; c++)
            {
                var ch = line[c];
                if (quote is { } q)
                {
                    if (q.Quote == '"' && ch == '\\')
                    {
                        c++;
                    }
                    else if (ch == q.Quote)
                    {
                        if (q.Quote == '\'' && c + 1 < line.Length && line[c + 1] == '\'')
                        {
                            c++;
                        }
                        else
                        {
                            quote = null;
                            valueStart = false;
                        }
                    }

                    continue;
                }

                if (ch == '#' && (c == 0 || line[c - 1] is ' ' or '\t'))
                {
                    break;
                }

                var inFlow = open.Count > 0;
                if (ch is ' ' or '\t')
                {
                    continue;
                }

                if ((ch is '"' or '\'') && valueStart)
                {
                    quote = (ch, l + 1, c + 1);
                }
                else if ((ch is '[' or '{') && (valueStart || inFlow))
                {
                    open.Push((ch, l + 1, c + 1));
                    valueStart = true;
                }
                else if ((ch is ']' or '}') && inFlow)
                {
                    var (bracket, line0, column0) = open.Pop();
                    var closer = bracket == '[' ? ']' : '}';
                    if (ch != closer)
                    {
                        return new SweepFileException(new SweepPosition(file, l + 1, c + 1), "yaml",
                            $"'{ch}' does not close the '{bracket}' at {line0}:{column0}; expected '{closer}'");
                    }

                    valueStart = false;
                }
                else if ((ch is ']' or '}') && !valueStart && line.AsSpan(0, c).Trim().Length == 0)
                {
                    return new SweepFileException(new SweepPosition(file, l + 1, c + 1), "yaml", $"'{ch}' closes nothing");
                }
                else
                {
                    valueStart = ch is ',' || (ch is ':' or '-' or '?' && (c + 1 == line.Length || line[c + 1] is ' ' or '\t'));
                }
            }
        }

        if (quote is { } unclosed)
        {
            return new SweepFileException(new SweepPosition(file, unclosed.Line, unclosed.Column), "yaml",
                $"the quoted text starting here is never closed; expected a closing {unclosed.Quote}");
        }

        if (open.Count > 0)
        {
            var (bracket, line, column) = open.Reverse().First();
            var closer = bracket == '[' ? ']' : '}';
            return new SweepFileException(new SweepPosition(file, line, column), "yaml",
                $"this '{bracket}' is never closed; expected '{closer}' to end the {(bracket == '[' ? "list" : "mapping")}");
        }

        return null;
    }
}
