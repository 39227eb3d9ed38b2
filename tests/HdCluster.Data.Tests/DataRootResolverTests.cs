namespace HdCluster.Data.Tests;

public sealed class DataRootResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Func<string, string?> Env(string? value) =>
        name => name == DataRootResolver.EnvironmentVariable ? value : null;

    [Fact]
    public void Command_line_wins_over_environment_and_config()
    {
        var root = new DataRootResolver(Env("/env")).Resolve("/cli", "/config");

        Assert.Equal(new DataRoot(Path.GetFullPath("/cli"), DataRootSource.CommandLine), root);
    }

    [Fact]
    public void Environment_wins_over_config()
    {
        var root = new DataRootResolver(Env("/env")).Resolve(null, "/config");

        Assert.Equal(new DataRoot(Path.GetFullPath("/env"), DataRootSource.Environment), root);
    }

    [Fact]
    public void Config_is_used_when_nothing_else_is_set()
    {
        var root = new DataRootResolver(Env(null)).Resolve("  ", "/config");

        Assert.Equal(new DataRoot(Path.GetFullPath("/config"), DataRootSource.Config), root);
    }

    [Fact]
    public void Blank_environment_counts_as_unset()
    {
        var root = new DataRootResolver(Env("")).Resolve(null, "/config");

        Assert.Equal(DataRootSource.Config, root.Source);
    }

    [Fact]
    public void Default_is_shared_data_beside_the_repository_root()
    {
        File.WriteAllText(_dir.File("repo/HdCluster.sln"), "");
        Directory.CreateDirectory(_dir.File("repo/tests/bin/x"));
        Directory.CreateDirectory(_dir.File("shared/data/mnist"));

        var root = new DataRootResolver(Env(null), [_dir.File("repo/tests/bin/x")]).Resolve(null, null);

        Assert.Equal(new DataRoot(_dir.File("shared/data"), DataRootSource.Default), root);
    }

    [Fact]
    public void Without_any_setting_or_default_folder_the_error_says_how_to_set_one()
    {
        File.WriteAllText(_dir.File("repo/HdCluster.sln"), "");

        var e = Assert.Throws<DirectoryNotFoundException>(
            () => new DataRootResolver(Env(null), [_dir.File("repo")]).Resolve(null, null));

        Assert.Contains("--data", e.Message);
        Assert.Contains("HDC_DATA", e.Message);
    }

    [Fact]
    public void The_real_checkout_resolves_to_the_shared_data_folder()
    {
        Assert.True(File.Exists(Path.Combine(SharedData.Root, Sha256Sums.FileName)), SharedData.Root);
    }
}
