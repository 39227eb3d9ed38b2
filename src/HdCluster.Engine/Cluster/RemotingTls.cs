using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// TLS for remoting: every node presents the cluster's one certificate and accepts only peers presenting the same
/// (pinned by thumbprint, mutual authentication), so a process without the certificate can neither join nor send.
/// The password is read from the environment variable <see cref="PasswordVariable"/> names and kept out of every
/// string this type produces.
/// </summary>
public sealed record RemotingTls
{
    public bool Enabled { get; init; }

    /// <summary>The PKCS#12 (.pfx) file holding the certificate and its key.</summary>
    public string? CertificateFile { get; init; }

    public string PasswordVariable { get; init; } = "HDC_TLS_PASSWORD";

    /// <summary>Never logged: <see cref="ToString"/> leaves it out.</summary>
    internal string? Password { get; init; }

    public static RemotingTls Disabled { get; } = new();

    public override string ToString() => Enabled ? $"tls on ({CertificateFile}, password from ${PasswordVariable})" : "tls off";

    /// <summary>Loads the certificate with its key; the error names the file and the variable, never the password.</summary>
    public X509Certificate2 LoadCertificate()
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificateFile!, Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException(
                $"tls.certificate_file: cannot load '{CertificateFile}' with the password from ${PasswordVariable}: {e.GetType().Name}");
        }
    }

    internal static RemotingTls Read(string? enabled, string? certificateFile, string? passwordEnv, SettingReader read, Func<string, string?> environment)
    {
        if (!read.Flag("tls.enabled", "HDC_TLS_ENABLED", enabled))
        {
            return Disabled;
        }

        var file = read.Optional("HDC_TLS_CERTIFICATE", certificateFile);
        if (file is null)
        {
            read.Problem("tls.certificate_file", "HDC_TLS_CERTIFICATE", "give the .pfx file when tls.enabled is true");
        }
        else if (!File.Exists(file))
        {
            read.Problem("tls.certificate_file", "HDC_TLS_CERTIFICATE", $"'{file}' does not exist");
        }

        var variable = string.IsNullOrWhiteSpace(passwordEnv) ? "HDC_TLS_PASSWORD" : passwordEnv.Trim();
        return new RemotingTls
        {
            Enabled = true,
            CertificateFile = file,
            PasswordVariable = variable,
            Password = environment(variable),
        };
    }
}
