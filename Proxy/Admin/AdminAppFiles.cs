using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;

namespace Grok2Api.Proxy.Admin;

/// <summary>
/// The admin app's files: the build of admin-spa/ that Proxy's .NET build embeds under <c>admin/</c>
/// (docs/adr/0012-admin-app-build-and-serving.md), read once into memory (tens of kilobytes).
/// </summary>
internal sealed class AdminAppFiles
{
    private const string Prefix = "admin/";
    private readonly FrozenDictionary<string, AdminAppFile> files;

    private AdminAppFiles(FrozenDictionary<string, AdminAppFile> files) => this.files = files;

    /// <summary>Whether the app was built into the assembly (a build with <c>-p:SkipAdminSpa=true</c> has none).</summary>
    public bool IsBuilt => files.ContainsKey("index.html");

    /// <summary>The page every app route answers with.</summary>
    public AdminAppFile? Index => files.GetValueOrDefault("index.html");

    /// <summary>Reads the embedded files of <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly that embeds the app.</param>
    public static AdminAppFiles Load(Assembly assembly)
    {
        var types = new FileExtensionContentTypeProvider();
        var found = new Dictionary<string, AdminAppFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            if (!types.TryGetContentType(path, out var contentType))
            {
                contentType = "application/octet-stream";
            }

            if (contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "application/javascript" or "text/javascript")
            {
                contentType += "; charset=utf-8";
            }

            var etag = "\"" + WebEncoders.Base64UrlEncode(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
            found[path] = new AdminAppFile(bytes, contentType, etag, path.StartsWith("assets/", StringComparison.Ordinal));
        }

        return new AdminAppFiles(found.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file at <paramref name="path"/> (relative to /admin/), or null.</summary>
    /// <param name="path">The path below /admin/, without a leading slash.</param>
    public AdminAppFile? Find(string path) => files.GetValueOrDefault(path);
}
