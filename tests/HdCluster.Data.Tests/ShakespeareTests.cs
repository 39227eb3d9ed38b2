namespace HdCluster.Data.Tests;

public sealed class ShakespeareTests
{
    private static readonly Lazy<TinyShakespeare> Real = new(() => TinyShakespeare.Load(SharedData.Root));

    [Fact]
    public void Real_text_has_65_distinct_characters_in_code_order()
    {
        var vocabulary = Real.Value.Vocabulary;

        Assert.Equal(65, vocabulary.Count);
        Assert.Equal(['\n', ' ', '!'], vocabulary.Chars.Take(3));
        Assert.Equal('z', vocabulary[64]);
        Assert.Equal(vocabulary.Chars.Order(), vocabulary.Chars);
    }

    [Fact]
    public void Real_text_is_split_90_10_by_position()
    {
        var data = Real.Value;

        Assert.Equal(1_115_394, data.Tokens.Length);
        Assert.Equal(1_003_854, data.Train.Length);
        Assert.Equal(111_540, data.Validation.Length);
        Assert.StartsWith("First Citizen:", data.Vocabulary.Decode(data.Train.Span[..14]));
        Assert.Equal(data.Text[1_003_854..1_003_900], data.Vocabulary.Decode(data.Validation.Span[..46]));
    }

    [Fact]
    public void Encoding_round_trips_the_whole_text()
    {
        var data = Real.Value;

        Assert.Equal(data.Text, data.Vocabulary.Decode(data.Tokens));
    }

    [Fact]
    public void Vocabulary_is_sorted_distinct_characters()
    {
        var vocabulary = new CharVocabulary("hello world");

        Assert.Equal([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w'], vocabulary.Chars);
        Assert.Equal([3, 2, 4, 4, 5], vocabulary.Encode("hello"));
        Assert.Throws<ArgumentException>(() => vocabulary.IndexOf('x'));
    }

    [Fact]
    public void Windows_pair_each_input_with_the_next_character()
    {
        int[] tokens = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
        var inputs = new long[4];
        var targets = new long[4];

        SequenceWindows.Copy<long>(tokens, 3, inputs, targets);

        Assert.Equal([13L, 14, 15, 16], inputs);
        Assert.Equal([14L, 15, 16, 17], targets);
    }

    [Fact]
    public void Window_count_leaves_room_for_the_last_target()
    {
        Assert.Equal(2, SequenceWindows.Count(11, 5));
        Assert.Equal(1, SequenceWindows.Count(10, 5));
        Assert.Equal(0, SequenceWindows.Count(5, 5));
        Assert.Equal(0, SequenceWindows.Count(0, 5));
    }

    [Fact]
    public void Window_past_the_end_is_refused()
    {
        var tokens = new int[10];

        Assert.Throws<ArgumentOutOfRangeException>(() => SequenceWindows.Copy<int>(tokens, 5, new int[5], new int[5]));
        SequenceWindows.Copy<int>(tokens, 4, new int[5], new int[5]);
    }

    [Fact]
    public void Missing_or_invalid_text_is_a_data_file_error()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DataFileException>(() => TinyShakespeare.Load(dir.Path));

        var path = dir.Write("bad.txt", [0x41, 0xff, 0xfe, 0x42]);
        var e = Assert.Throws<DataFileException>(() => TinyShakespeare.LoadFile(path));
        Assert.Equal("UTF-8 text", e.Expected);
    }
}
