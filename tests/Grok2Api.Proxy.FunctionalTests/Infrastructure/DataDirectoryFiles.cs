using System.Text;
using System.Text.Json;

namespace Grok2Api.Proxy.FunctionalTests.Infrastructure;

/// <summary>Writes and reads the files of a DATA_DIR the way an operator (or the original project) leaves them.</summary>
public static class DataDirectoryFiles
{
    public static string ConfigPath(string dataDirectory) => Path.Combine(dataDirectory, "config.toml");

    public static string TokenPath(string dataDirectory) => Path.Combine(dataDirectory, "token.json");

    /// <summary>Everything the gateway wrote to its file logs (DATA_DIR/logs), read while it may still be open; empty when there are none.</summary>
    public static string ReadLogs(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "logs");
        if (!Directory.Exists(directory))
        {
            return "";
        }

        return string.Concat(Directory.EnumerateFiles(directory).Select(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }

    public static void WriteConfig(string dataDirectory, string toml)
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(ConfigPath(dataDirectory), toml, new UTF8Encoding(false));
    }

    /// <summary>Replaces config.toml the way editors that save atomically do (write a temp file, rename over).</summary>
    public static void ReplaceConfig(string dataDirectory, string toml)
    {
        var temp = ConfigPath(dataDirectory) + ".edit-tmp";
        File.WriteAllText(temp, toml, new UTF8Encoding(false));
        File.Move(temp, ConfigPath(dataDirectory), overwrite: true);
    }

    public static void WriteTokens(string dataDirectory, string json)
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(TokenPath(dataDirectory), json, new UTF8Encoding(false));
    }

    /// <summary>
    /// token.json as a list of records with the original project's defaults applied to bare strings
    /// and the <c>sso=</c> prefix removed, in file order per pool. Fields: pool, token, status,
    /// quota, use_count, fail_count, tags, note.
    /// </summary>
    public static List<TokenFileRecord> ReadTokens(string dataDirectory)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TokenPath(dataDirectory)));
        List<TokenFileRecord> records = [];
        foreach (var pool in document.RootElement.EnumerateObject())
        {
            var defaultQuota = pool.Name == "ssoSuper" ? 140 : 80;
            foreach (var entry in pool.Value.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String)
                {
                    var bare = Bare(entry.GetString()!);
                    if (bare.Length > 0)
                    {
                        records.Add(new TokenFileRecord(pool.Name, bare, "active", defaultQuota, 0, 0, "", ""));
                    }

                    continue;
                }

                var token = Bare(entry.GetProperty("token").GetString()!);
                records.Add(new TokenFileRecord(
                    pool.Name,
                    token,
                    Text(entry, "status") ?? "active",
                    Number(entry, "quota") ?? defaultQuota,
                    Number(entry, "use_count") ?? 0,
                    Number(entry, "fail_count") ?? 0,
                    entry.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                        ? string.Join(",", tags.EnumerateArray().Select(t => t.GetString()))
                        : "",
                    Text(entry, "note") ?? ""));
            }
        }

        return records;
    }

    private static string Bare(string raw)
    {
        var value = raw.Trim();
        return value.StartsWith("sso=", StringComparison.OrdinalIgnoreCase) ? value[4..].Trim() : value;
    }

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? (int)value.GetDouble() : null;
}
