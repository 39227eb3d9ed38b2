namespace HdCluster.Deploy.Tests;

/// <summary>
/// Both overlays pass <c>scripts/validate-k8s.mjs</c> (types, required fields, enums, and unknown fields, which the API
/// server refuses), and the validator refuses broken manifests with a line naming the object and the field.
/// </summary>
public class ManifestSchemaTests
{
    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_passes_the_Kubernetes_schema_validation(string overlay)
    {
        var (exitCode, output) = Manifests.Validate(stdin: Manifests.RenderText(overlay));
        Assert.True(exitCode == 0, $"k8s/overlays/{overlay} does not validate:\n{output}");
        Assert.Contains("objects valid", output, StringComparison.Ordinal);
    }

    // Two objects; the Deployment is the one each broken case below breaks, in one place.
    private const string ValidManifest = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
                - name: web
                  image: registry.example.com/web:1
                  ports: [{name: http, containerPort: 8080}]
                  resources:
                    limits: {cpu: "1", memory: 1Gi}

        """;

    [Fact]
    public void The_manifest_the_broken_cases_start_from_is_valid()
    {
        var (exitCode, output) = Manifests.ValidateFile(ValidManifest);
        Assert.True(exitCode == 0, output);
    }

    /// <summary>What is broken, the text replaced in <see cref="ValidManifest"/>, its replacement, the line expected.</summary>
    public static TheoryData<string, string, string, string> BrokenManifests => new()
    {
        { "misspelled field", "resources:", "resouces:", "document 2 (Deployment/web): /spec/template/spec/containers/0/resouces: unknown field \"resouces\"" },
        { "misspelled nested field", "runAsNonRoot:", "runAsNonroot:", "document 2 (Deployment/web): /spec/template/spec/securityContext/runAsNonroot: unknown field \"runAsNonroot\"" },
        { "wrong type", "replicas: 2", "replicas: \"two\"", "document 2 (Deployment/web): /spec/replicas: must be integer" },
        { "container without a name", "- name: web\n          image:", "- image:", "document 2 (Deployment/web): /spec/template/spec/containers/0: must have required property name" },
        { "container without an image", "\n          image: registry.example.com/web:1", "", "document 2 (Deployment/web): /spec/template/spec/containers/0: must have required property image" },
        { "unknown kind", "kind: Deployment", "kind: Deploymnet", "document 2 (Deploymnet/web): unknown kind \"Deploymnet\" in apps/v1" },
        { "unknown apiVersion", "apiVersion: apps/v1", "apiVersion: example.com/v1", "document 2 (Deployment/web): unknown apiVersion \"example.com/v1\"" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void A_broken_manifest_is_refused_with_a_line_naming_the_object_and_the_field(string what, string replace, string with, string expected)
    {
        var valid = ValidManifest.ReplaceLineEndings("\n");
        var manifest = valid.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(valid, manifest);
        var (exitCode, output) = Manifests.ValidateFile(manifest);
        Assert.True(exitCode == 1, $"{what}: exit {exitCode}, expected 1:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("document 1 (Service/web)", output, StringComparison.Ordinal);
    }
}
