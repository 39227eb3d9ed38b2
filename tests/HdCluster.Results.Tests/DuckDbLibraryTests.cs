using HdCluster.Results.Native;

namespace HdCluster.Results.Tests;

public sealed class DuckDbLibraryTests
{
    [Fact]
    public void The_environment_variable_wins_when_it_names_a_file()
    {
        using var temp = new TempFolder();
        var explicitLibrary = temp.Sub("custom-libduckdb.so");
        File.WriteAllText(explicitLibrary, "not loaded by this test");

        Assert.Equal(explicitLibrary, DuckDbLibrary.Locate(explicitLibrary, temp.Path));
    }

    [Fact]
    public void An_environment_variable_naming_no_file_is_an_error_that_says_what_to_do()
    {
        using var temp = new TempFolder();

        var error = Assert.Throws<DllNotFoundException>(() => DuckDbLibrary.Locate(temp.Sub("missing.so"), temp.Path));

        Assert.Contains(DuckDbLibrary.PathVariable, error.Message);
        Assert.Contains("scripts/setup-duckdb.sh", error.Message);
    }

    [Fact]
    public void The_tools_folder_is_found_from_a_build_output_folder_deep_inside_the_repository()
    {
        using var temp = new TempFolder();
        var library = temp.Sub(".tools", "duckdb", "libduckdb.so");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllText(library, "stand-in");
        var binFolder = temp.Sub("tests", "X.Tests", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(binFolder);

        Assert.Equal(library, DuckDbLibrary.Locate(null, binFolder));
    }

    [Fact]
    public void Nothing_found_means_default_search_and_the_message_points_to_the_setup_script()
    {
        using var temp = new TempFolder();

        Assert.Null(DuckDbLibrary.Locate(null, temp.Path));
        Assert.Contains("Run scripts/setup-duckdb.sh", DuckDbLibrary.NotFoundMessage(temp.Path));
    }
}
