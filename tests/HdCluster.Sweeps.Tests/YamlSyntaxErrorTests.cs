namespace HdCluster.Sweeps.Tests;

/// <summary>A YAML slip reads like every other sweep mistake: FILE:LINE:COLUMN, what was expected, one line.</summary>
public class YamlSyntaxErrorTests
{
    private static SweepFileException Fails(string yaml, int line, int column)
    {
        var error = SweepYaml.Fails(yaml, line, column, "yaml");
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void An_unclosed_list_points_at_its_bracket_and_asks_for_the_closing_one()
    {
        var error = Fails("name: x\nfixed: {model: logreg, epochs: 1}\ngrid:\n  optimizer: [\"sgd(0.1)\", \"sgd(0.2)\"\n  seed: [1, 2]\n", 4, 14);

        Assert.Contains("never closed; expected ']'", error.Problem);
    }

    [Fact]
    public void An_unclosed_mapping_points_at_its_brace() =>
        Assert.Contains("expected '}'", Fails("name: x\nfixed: {model: logreg, epochs: 1\n", 2, 8).Problem);

    [Fact]
    public void A_bracket_closed_by_the_wrong_one_names_both() =>
        Assert.Contains("does not close the '[' at 2:14; expected ']'", Fails("fixed: {model: logreg, epochs: 1}\ngrid: {seed: [1, 2}}\n", 2, 19).Problem);

    [Fact]
    public void An_unclosed_quote_points_at_where_it_opens() =>
        Assert.Contains("never closed; expected a closing \"", Fails("name: x\nfixed:\n  model: logreg\n  epochs: 1\n  optimizer: \"sgd(0.1)\n", 5, 14).Problem);

    [Theory]
    [InlineData("\tepochs: 1", 1)]
    [InlineData("  \tepochs: 1", 3)]
    public void A_tab_in_indentation_is_reported_where_the_tab_is(string line, int column) =>
        Assert.Contains("tab in indentation", Fails($"name: x\nfixed:\n  model: logreg\n{line}\n", 4, column).Problem);

    [Fact]
    public void Quotes_and_brackets_inside_words_and_comments_do_not_mislead_the_diagnosis()
    {
        var error = Fails("name: x\ndescription: it's [not] a list # nor a \"quote\n\nfixed: {model: logreg, epochs: 1\n", 4, 8);

        Assert.Contains("expected '}'", error.Problem);
    }

    [Fact]
    public void A_directory_given_as_the_sweep_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("hdc-sweeps-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.yaml"), "fixed: {}\n");

            var error = Assert.Throws<SweepFileException>(() => SweepFile.Load(folder.FullName));

            Assert.Equal("file", error.Field);
            Assert.Contains("is a directory, not a sweep file", error.Problem);
            Assert.Contains("a.yaml", error.Problem);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
