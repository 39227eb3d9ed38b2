namespace HdCluster.Experiments.Tests;

/// <summary>Every status has one lowercase word, and the word reads back as its status.</summary>
public class CellStatusWordsTests
{
    [Theory]
    [InlineData(CellStatus.Completed, "completed")]
    [InlineData(CellStatus.Diverged, "diverged")]
    [InlineData(CellStatus.Cancelled, "cancelled")]
    [InlineData(CellStatus.Failed, "failed")]
    public void Each_status_has_its_word(CellStatus status, string word)
    {
        Assert.Equal(word, status.Word());
        Assert.Equal(status, CellStatusWords.Parse(word));
    }

    [Fact]
    public void Every_status_has_a_distinct_word() =>
        Assert.Equal(Enum.GetValues<CellStatus>().Length, Enum.GetValues<CellStatus>().Select(s => s.Word()).Distinct().Count());

    [Fact]
    public void Only_completed_and_diverged_cells_are_finished_for_good()
    {
        Assert.True(CellStatusWords.IsFinished("completed"));
        Assert.True(CellStatusWords.IsFinished("diverged"));
        Assert.False(CellStatusWords.IsFinished("cancelled"));
        Assert.False(CellStatusWords.IsFinished("failed"));
        Assert.False(CellStatusWords.IsFinished("Completed"));
    }
}
