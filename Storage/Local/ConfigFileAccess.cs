using System.Security.Cryptography;
using System.Text;

namespace Grok2Api.Storage.Local;

/// <summary>File-level helpers of <see cref="LocalConfigStore"/>: reading, text encoding, hashing.</summary>
internal static class ConfigFileAccess
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 without a BOM.</summary>
    public static byte[] Encode(string text) => StrictUtf8.GetBytes(text);

    public static byte[] Hash(byte[]? bytes) => bytes is null ? [] : SHA256.HashData(bytes);

    /// <summary>The text of a config file: strict UTF-8, an optional BOM skipped.</summary>
    /// <exception cref="ConfigFormatException">The bytes are not UTF-8.</exception>
    public static string Decode(byte[] bytes, string path)
    {
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                span = span[3..];
            }

            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConfigFormatException($"{path}: not valid UTF-8 text (TOML files must be UTF-8): {ex.Message}", ex);
        }
    }

    /// <summary>The file's bytes, or <see langword="null"/> when it does not exist.</summary>
    public static async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
