using System.Text;

namespace HdCluster.Data;

/// <summary>
/// Karpathy's Tiny Shakespeare (char-rnn's input.txt) as character indices. The vocabulary is
/// the sorted distinct characters of the whole text (65 for the published file). The split is
/// positional, not shuffled: the first 90% of characters (floor(0.9 * length)) are training
/// data and the last 10% validation, as in char-rnn and nanoGPT.
/// </summary>
public sealed class TinyShakespeare
{
    public const string RelativePath = "tinyshakespeare/input.txt";

    private TinyShakespeare(string text)
    {
        Text = text;
        Vocabulary = new CharVocabulary(text);
        Tokens = Vocabulary.Encode(text);
        TrainLength = (int)(text.Length * 9L / 10);
    }

    public string Text { get; }

    public CharVocabulary Vocabulary { get; }

    /// <summary>The whole text encoded.</summary>
    public int[] Tokens { get; }

    /// <summary>How many leading tokens belong to the training split.</summary>
    public int TrainLength { get; }

    public ReadOnlyMemory<int> Train => Tokens.AsMemory(0, TrainLength);

    public ReadOnlyMemory<int> Validation => Tokens.AsMemory(TrainLength);

    public static TinyShakespeare Load(string dataRoot) => LoadFile(Path.Combine(dataRoot, RelativePath));

    /// <exception cref="DataFileException">The file is missing, empty or not valid UTF-8.</exception>
    public static TinyShakespeare LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw DataFileException.Missing(path, "the Tiny Shakespeare text");
        }

        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException e)
        {
            throw new DataFileException(path, "UTF-8 text", $"invalid bytes ({e.Message})", e);
        }

        if (text.Length < 2)
        {
            throw new DataFileException(path, "a text of at least 2 characters", $"{text.Length}");
        }

        return new TinyShakespeare(text);
    }
}
