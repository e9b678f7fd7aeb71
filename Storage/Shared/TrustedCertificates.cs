using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// A CA file a storage URL names (<c>ssl_ca_certs</c>, <c>sslrootcert</c>, <c>ssl-ca</c>): read once
/// when the backend is created, so a wrong path fails at start-up with a message that names the URL
/// parameter, never the path, and a server certificate checked against it.
/// </summary>
internal static class TrustedCertificates
{
    /// <summary>Reads the PEM certificates (one or a bundle) of <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">The store kind, for the message (<c>redis</c>, <c>pgsql</c>, <c>mysql</c>).</param>
    /// <param name="parameter">The URL parameter that named the file, for the message.</param>
    /// <exception cref="ArgumentException">The file cannot be read or holds no PEM certificate; the message never holds the path.</exception>
    public static X509Certificate2Collection Load(string path, string kind, string parameter)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"{kind}: the CA file that {parameter} in the storage URL names cannot be read as PEM certificates ({Reason(e)})");
        }

        return certificates.Count > 0
            ? certificates
            : throw new ArgumentException($"{kind}: the CA file that {parameter} in the storage URL names holds no PEM certificate");
    }

    /// <summary>
    /// Whether a server certificate is acceptable: trusted by the system already, or chaining to one of
    /// <paramref name="trusted"/>. The name must match unless <paramref name="checkName"/> is false.
    /// </summary>
    /// <param name="trusted">The CA certificates of the URL.</param>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="chain">The chain the platform built (its extra certificates are the server's intermediates).</param>
    /// <param name="errors">What the platform found wrong.</param>
    /// <param name="checkName">Whether the certificate must name the host.</param>
    public static bool Validate(X509Certificate2Collection trusted, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, bool checkName)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (checkName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return true;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 presented)
        {
            return custom.Build(presented);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(copy);
    }

    /// <summary>
    /// A failed TLS handshake somewhere in <paramref name="ex"/>'s chain, told briefly for a store
    /// message (<c>TLS handshake failed: …</c>); null when the failure was not one.
    /// </summary>
    /// <param name="ex">A driver's exception.</param>
    public static string? DescribeHandshakeFailure(Exception ex)
    {
        for (var x = ex; x is not null; x = x.InnerException)
        {
            if (x is AuthenticationException tls)
            {
                var detail = tls.Message.Split('\n', 2)[0].Trim();
                if (detail.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal))
                {
                    detail = "the server certificate is not signed by a trusted CA or does not name the host";
                }

                return "TLS handshake failed: " + (detail.Length > 200 ? detail[..200] + "…" : detail);
            }
        }

        return null;
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        CryptographicException => "not a PEM certificate",
        _ => e.GetType().Name,
    };
}
