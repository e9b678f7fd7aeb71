using System.Text;
using Grok2Api.Transforms.Buffers;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>The markdown an OpenAI chat answer shows an image with.</summary>
internal static class ChatTranslationMarkdown
{
    /// <summary>Writes <c>![alt](url)</c> as UTF-8.</summary>
    public static void WriteImage(PooledBuffer into, string alt, string url)
    {
        into.Clear();
        into.Append("!["u8);
        Append(into, alt);
        into.Append("]("u8);
        Append(into, url);
        into.Append((byte)')');
    }

    private static void Append(PooledBuffer into, string text)
    {
        var span = into.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        into.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
