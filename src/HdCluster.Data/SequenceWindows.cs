using System.Numerics;

namespace HdCluster.Data;

/// <summary>
/// Cuts a token stream into language-model examples: a window of L inputs starting at s is
/// tokens[s .. s+L-1] and its targets are the next characters, tokens[s+1 .. s+L].
/// </summary>
public static class SequenceWindows
{
    /// <summary>
    /// How many non-overlapping windows (starts 0, L, 2L, ...) fit, each needing L + 1 tokens
    /// because of the one-step target shift: (tokenCount - 1) / L.
    /// </summary>
    public static int Count(int tokenCount, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        return tokenCount == 0 ? 0 : (tokenCount - 1) / length;
    }

    /// <summary>
    /// Copies the window starting at <paramref name="start"/>; its length is inputs.Length.
    /// T is typically long, the index type embedding layers take.
    /// </summary>
    public static void Copy<T>(ReadOnlySpan<int> tokens, int start, Span<T> inputs, Span<T> targets)
        where T : INumberBase<T>
    {
        var length = inputs.Length;
        if (targets.Length != length)
        {
            throw new ArgumentException($"Inputs hold {length} tokens but targets {targets.Length}.", nameof(targets));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if ((long)start + length + 1 > tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"A window of {length} at {start} needs {start + (long)length + 1} tokens; there are {tokens.Length}.");
        }

        var source = tokens.Slice(start, length + 1);
        for (var i = 0; i < length; i++)
        {
            inputs[i] = T.CreateTruncating(source[i]);
            targets[i] = T.CreateTruncating(source[i + 1]);
        }
    }
}
