using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>
/// Parses <c>kind(arg, key=value, ...) / kind(...) / ...</c>. Grammar:
/// <code>
/// spec  := level ('/' level)*
/// level := NAME ( '(' [arg (',' arg)*] ')' )?
/// arg   := value | NAME '=' value
/// value := NUMBER | 'auto' | 'true' | 'false'
/// </code>
/// It checks syntax only; which kinds and keys exist is the factory's business.
/// </summary>
internal sealed class SpecParser
{
    private readonly string text;
    private int pos;

    private SpecParser(string text)
    {
        this.text = text;
    }

    public static OptimizerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new SpecParser(text);
        var levels = new List<LevelSpec> { parser.Level() };
        while (parser.Accept('/'))
        {
            levels.Add(parser.Level());
        }

        parser.SkipSpace();
        if (parser.pos < text.Length)
        {
            throw parser.Error($"expected '/' or end of spec, found '{text[parser.pos]}'");
        }

        return new OptimizerSpec(levels, text);
    }

    private LevelSpec Level()
    {
        SkipSpace();
        var start = pos;
        var kind = Name() ?? throw Error(pos >= text.Length ? "expected an optimizer name, found end of spec" : $"expected an optimizer name, found '{text[pos]}'");
        var positional = new List<SpecValue>();
        var named = new Dictionary<string, SpecValue>(StringComparer.Ordinal);
        if (!Accept('('))
        {
            return new LevelSpec(kind, positional, named, start);
        }

        if (Accept(')'))
        {
            return new LevelSpec(kind, positional, named, start);
        }

        do
        {
            SkipSpace();
            var argStart = pos;
            var name = Name();
            if (name != null && Accept('='))
            {
                if (named.ContainsKey(name))
                {
                    throw new SpecSyntaxException(text, argStart, $"'{name}' is given twice");
                }

                // Errors about a named argument (unknown key, alias given twice, value out of range) point at its key.
                named[name] = Value() with { Position = argStart };
            }
            else
            {
                pos = argStart;
                if (named.Count > 0)
                {
                    throw Error("a positional argument cannot follow a named one");
                }

                positional.Add(Value());
            }
        }
        while (Accept(','));

        if (!Accept(')'))
        {
            throw Error(pos >= text.Length ? "expected ',' or ')', found end of spec" : $"expected ',' or ')', found '{text[pos]}'");
        }

        return new LevelSpec(kind, positional, named, start);
    }

    private SpecValue Value()
    {
        SkipSpace();
        var start = pos;
        var word = Name();
        if (word != null)
        {
            if (word is "auto" or "true" or "false")
            {
                return new SpecValue(null, word, start);
            }

            throw new SpecSyntaxException(text, start, $"expected a number, 'auto', 'true' or 'false', found '{word}'");
        }

        while (pos < text.Length && (char.IsDigit(text[pos]) || text[pos] is '.' or 'e' or 'E' or '+' or '-'))
        {
            pos++;
        }

        var literal = text[start..pos];
        if (literal.Length == 0 || !double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            pos = start;
            throw Error(start >= text.Length ? "expected a value, found end of spec" : $"expected a number, found '{(literal.Length > 0 ? literal : text[start].ToString())}'");
        }

        return new SpecValue(number, null, start);
    }

    private string? Name()
    {
        SkipSpace();
        if (pos >= text.Length || !(char.IsLetter(text[pos]) || text[pos] == '_'))
        {
            return null;
        }

        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            pos++;
        }

        return text[start..pos].ToLowerInvariant();
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (pos < text.Length && text[pos] == c)
        {
            pos++;
            return true;
        }

        return false;
    }

    private void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private SpecSyntaxException Error(string problem) => new(text, pos, problem);
}
