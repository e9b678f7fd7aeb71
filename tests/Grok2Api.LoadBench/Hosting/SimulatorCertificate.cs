using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// A throw-away self-signed certificate for 127.0.0.1, so the simulator can serve HTTPS with HTTP/2
/// (ALPN) like grok.com does. The simulator loads the PFX; the gateway trusts the PEM through
/// <c>SSL_CERT_FILE</c> (the trust store .NET reads on Linux), so nothing in the gateway changes.
/// </summary>
internal static class SimulatorCertificate
{
    /// <summary>Writes <c>simulator.pfx</c> (no password) and <c>simulator.pem</c> into <paramref name="directory"/>.</summary>
    public static (string PfxPath, string PemPath) Create(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        var pfx = Path.Combine(directory, "simulator.pfx");
        var pem = Path.Combine(directory, "simulator.pem");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx));
        File.WriteAllText(pem, certificate.ExportCertificatePem() + "\n");
        return (pfx, pem);
    }
}
