using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// Counts tokens with the o200k_base encoding (Microsoft.ML.Tokenizers), as an estimate of what the
/// upstream model used. The tokenizer is built once, on first use (it loads a ~3 MB vocabulary), and is
/// thread-safe.
/// </summary>
public static class ChatTokenCounter
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Loads the vocabulary now (e.g. at startup), so the first answer with usage does not wait for it.</summary>
    public static void Load() => _ = Tokenizer.Value;

    /// <summary>The o200k_base token count of a text; 0 for null or empty.</summary>
    /// <param name="text">The text.</param>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>The o200k_base token count of a text.</summary>
    /// <param name="text">The text.</param>
    public static int Count(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>The o200k_base token count of UTF-8 text.</summary>
    /// <param name="utf8">The text as UTF-8.</param>
    public static int Count(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, chars);
            return Count(chars.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
