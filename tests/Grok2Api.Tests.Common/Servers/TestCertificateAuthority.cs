using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Grok2Api.Tests.Common.Servers;

/// <summary>
/// A throw-away certificate authority made in process (RSA 2048, valid from a day ago for a week)
/// that issues server certificates for 127.0.0.1, ::1 and localhost, for test servers in TLS mode.
/// Nothing of it is trusted by the machine.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;

    private TestCertificateAuthority(RSA key, X509Certificate2 certificate)
    {
        _key = key;
        _certificate = certificate;
    }

    /// <summary>The CA certificate as PEM ending in a line break (what a client trusts; PEM texts concatenate into a bundle).</summary>
    public string CertificatePem => _certificate.ExportCertificatePem() + "\n";

    /// <summary>Creates a new CA named <paramref name="name"/>.</summary>
    /// <param name="name">The common name of the CA.</param>
    public static TestCertificateAuthority Create(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Grok2Api tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = TimeProvider.System.GetUtcNow();
        return new TestCertificateAuthority(key, request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7)));
    }

    /// <summary>Writes the CA certificate as PEM to <paramref name="path"/> (readable by everyone).</summary>
    /// <param name="path">The file.</param>
    public void WriteCertificate(string path) => File.WriteAllText(path, CertificatePem);

    /// <summary>
    /// Writes this CA, a server certificate it signed (SAN 127.0.0.1, ::1, localhost) and the server's
    /// private key as PEM files into <paramref name="directory"/>; the key file is readable by its owner only.
    /// </summary>
    /// <param name="directory">Where the files go.</param>
    public ServerTlsFiles WriteServerFiles(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=Grok2Api tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.Create(_certificate, now.AddHours(-1), now.AddDays(6), serial);

        var files = new ServerTlsFiles(Path.Combine(directory, "ca.pem"), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"));
        WriteCertificate(files.CaFile);
        File.WriteAllText(files.CertificateFile, certificate.ExportCertificatePem() + "\n");
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(files.KeyFile, key.ExportPkcs8PrivateKeyPem());
        }
        else
        {
            using var stream = new FileStream(files.KeyFile, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            using var writer = new StreamWriter(stream);
            writer.Write(key.ExportPkcs8PrivateKeyPem() + "\n");
        }

        return files;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}

/// <summary>The PEM files of a test server in TLS mode.</summary>
/// <param name="CaFile">The CA certificate that signed the server's (what clients trust).</param>
/// <param name="CertificateFile">The server certificate.</param>
/// <param name="KeyFile">The server's private key (mode 0600).</param>
public sealed record ServerTlsFiles(string CaFile, string CertificateFile, string KeyFile);
