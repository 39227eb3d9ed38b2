namespace HdCluster.Data;

/// <summary>
/// A character-level vocabulary: the distinct UTF-16 characters of a text sorted by code
/// (ordinal), index = position in that order, as in Karpathy's char-rnn and nanoGPT.
/// </summary>
public sealed class CharVocabulary
{
    private readonly char[] _chars;
    private readonly int[] _indexOf;

    public CharVocabulary(ReadOnlySpan<char> text)
    {
        var seen = new bool[char.MaxValue + 1];
        foreach (var c in text)
        {
            seen[c] = true;
        }

        var chars = new List<char>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (seen[c])
            {
                chars.Add((char)c);
            }
        }

        _chars = [.. chars];
        _indexOf = new int[_chars.Length == 0 ? 0 : _chars[^1] + 1];
        Array.Fill(_indexOf, -1);
        for (var i = 0; i < _chars.Length; i++)
        {
            _indexOf[_chars[i]] = i;
        }
    }

    public int Count => _chars.Length;

    public IReadOnlyList<char> Chars => _chars;

    public char this[int index] => _chars[index];

    /// <exception cref="ArgumentException">The character is not in the vocabulary.</exception>
    public int IndexOf(char c)
    {
        var index = c < _indexOf.Length ? _indexOf[c] : -1;
        if (index < 0)
        {
            throw new ArgumentException($"Character U+{(int)c:X4} is not in the vocabulary.", nameof(c));
        }

        return index;
    }

    public int[] Encode(ReadOnlySpan<char> text)
    {
        var tokens = new int[text.Length];
        Encode(text, tokens);
        return tokens;
    }

    public void Encode(ReadOnlySpan<char> text, Span<int> destination)
    {
        if (destination.Length < text.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} tokens; {text.Length} needed.", nameof(destination));
        }

        for (var i = 0; i < text.Length; i++)
        {
            destination[i] = IndexOf(text[i]);
        }
    }

    public string Decode(ReadOnlySpan<int> tokens)
    {
        var chars = new char[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            chars[i] = _chars[tokens[i]];
        }

        return new string(chars);
    }
}
