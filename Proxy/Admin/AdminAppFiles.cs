using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;

namespace Grok2Api.Proxy.Admin;

/// <summary>
/// The files of one web app built from admin-spa/ that Proxy's .NET build embeds: the admin app under
/// <c>admin/</c>, the public pages under <c>public/</c> (docs/adr/0012-admin-app-build-and-serving.md,
/// docs/adr/0027-public-pages.md), read once into memory.
/// </summary>
internal sealed class AdminAppFiles
{
    private readonly FrozenDictionary<string, AdminAppFile> files;
    private readonly string indexName;

    private AdminAppFiles(FrozenDictionary<string, AdminAppFile> files, string indexName)
    {
        this.files = files;
        this.indexName = indexName;
    }

    /// <summary>Whether the app was built into the assembly (a build with <c>-p:SkipAdminSpa=true</c> has none).</summary>
    public bool IsBuilt => files.ContainsKey(indexName);

    /// <summary>The page every app route answers with.</summary>
    public AdminAppFile? Index => files.GetValueOrDefault(indexName);

    /// <summary>Reads the files <paramref name="assembly"/> embeds under <paramref name="prefix"/>.</summary>
    /// <param name="assembly">The assembly that embeds the app.</param>
    /// <param name="prefix">The resource names' prefix: <c>admin/</c> for the admin app, <c>public/</c> for the public pages.</param>
    /// <param name="indexName">The page, below the prefix.</param>
    public static AdminAppFiles Load(Assembly assembly, string prefix, string indexName)
    {
        var types = new FileExtensionContentTypeProvider();
        var found = new Dictionary<string, AdminAppFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[prefix.Length..].Replace('\\', '/');
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

        return new AdminAppFiles(found.ToFrozenDictionary(StringComparer.Ordinal), indexName);
    }

    /// <summary>The file at <paramref name="path"/> (relative to the app's prefix), or null.</summary>
    /// <param name="path">The path below the prefix, without a leading slash.</param>
    public AdminAppFile? Find(string path) => files.GetValueOrDefault(path);
}
