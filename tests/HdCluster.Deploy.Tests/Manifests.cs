using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace HdCluster.Deploy.Tests;

/// <summary>
/// The overlays under <c>k8s/overlays</c> rendered offline with kustomize (or <c>kubectl kustomize</c>), once per test
/// run, and <c>scripts/validate-k8s.mjs</c>, which checks manifests against the Kubernetes API schemas with the
/// packages <c>scripts/setup-k8s-schemas.sh</c> installs.
/// </summary>
internal static class Manifests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> RenderedText = [];

    private static readonly Dictionary<string, IReadOnlyList<YamlMappingNode>> Rendered = [];

    public static string RenderText(string overlay)
    {
        lock (RenderedText)
        {
            if (!RenderedText.TryGetValue(overlay, out var text))
            {
                RenderedText[overlay] = text = Kustomize(Path.Combine(TestPaths.RepositoryRoot, "k8s", "overlays", overlay));
            }

            return text;
        }
    }

    public static IReadOnlyList<YamlMappingNode> Render(string overlay)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(overlay, out var docs))
            {
                var yaml = new YamlStream();
                yaml.Load(new StringReader(RenderText(overlay)));
                Rendered[overlay] = docs = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
            }

            return docs;
        }
    }

    /// <summary>Writes the manifest into a folder of its own and validates the file.</summary>
    public static (int ExitCode, string Output) ValidateFile(string manifest)
    {
        var folder = Directory.CreateTempSubdirectory("hdc-k8s-");
        try
        {
            var file = Path.Combine(folder.FullName, "manifest.yaml");
            File.WriteAllText(file, manifest);
            return Validate(stdin: null, file);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>scripts/validate-k8s.mjs with the packages that scripts/setup-k8s-schemas.sh installs into .tools/k8s-validate.</summary>
    public static (int ExitCode, string Output) Validate(string? stdin, params string[] files)
    {
        var root = TestPaths.RepositoryRoot;
        var modules = Path.Combine(root, ".tools", "k8s-validate", "current", "node_modules");
        if (!File.Exists(Path.Combine(modules, "kubernetes-models", "package.json")))
        {
            Assert.Fail($"the Kubernetes schemas are not installed in {modules}: run scripts/setup-k8s-schemas.sh (./hdc setup and ./hdc test run it)");
        }

        var result = Run("node", [Path.Combine(root, "scripts", "validate-k8s.mjs"), .. files], stdin, new() { ["HDC_K8S_MODULES"] = modules })
            ?? throw new InvalidOperationException("node is not installed; it runs scripts/validate-k8s.mjs (apt-get install nodejs)");
        return (result.ExitCode, result.Stdout + result.Stderr);
    }

    // The renderer, in the order ./hdc k8s-validate uses too: kustomize on PATH; kubectl on PATH when its kustomize knows
    // --load-restrictor (Debian's kubectl 1.20 does not); the kubectl that scripts/setup-kubectl.sh installs into
    // .tools/kubectl when neither is there. The ConfigMap comes from ../../cluster-config, outside the kustomization's
    // folder, which kustomize refuses unless told otherwise.
    private static string Kustomize(string folder)
    {
        var bundled = Path.Combine(TestPaths.RepositoryRoot, ".tools", "kubectl", "kubectl");
        (string File, string[] Args)[] tools =
        [
            ("kustomize", ["build", "--load-restrictor", "LoadRestrictionsNone", folder]),
            ("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder]),
            (bundled, ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder]),
        ];
        foreach (var (file, args) in tools)
        {
            if (file == "kubectl" && !KubectlRenders(file))
            {
                continue;
            }

            if (Run(file, args, stdin: null) is { } result)
            {
                Assert.True(result.ExitCode == 0, $"{file} {string.Join(" ", args)} failed: {result.Stderr}");
                return result.Stdout;
            }
        }

        Assert.Fail($"no kustomize, nor kubectl 1.21 or later, is on PATH, and {bundled} is not installed; the manifests cannot be rendered: run scripts/setup-kubectl.sh (./hdc setup and ./hdc test run it)");
        return "";
    }

    // Whether this kubectl's kustomize takes --load-restrictor, which kubectl has had since 1.21.
    private static bool KubectlRenders(string kubectl) =>
        Run(kubectl, ["kustomize", "--help"], stdin: null) is { ExitCode: 0 } help && help.Stdout.Contains("--load-restrictor", StringComparison.Ordinal);

    // Runs a program to its end, within ProcessLimit, feeding it stdin when given; null when it is not installed.
    private static (int ExitCode, string Stdout, string Stderr)? Run(string file, IEnumerable<string> args, string? stdin, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var input = stdin == null ? Task.CompletedTask : Task.Run(() =>
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            });
            if (!process.WaitForExit(ProcessLimit) || !Task.WaitAll([input, stdout, stderr], ProcessLimit))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} {string.Join(" ", args)} did not finish within {ProcessLimit.TotalSeconds} s");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
