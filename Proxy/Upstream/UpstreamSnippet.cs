using System.Text;

namespace Grok2Api.Proxy.Upstream;

/// <summary>A short, single-line, token-free excerpt of an upstream body for Debug logs.</summary>
internal static class UpstreamSnippet
{
    public const int MaxChars = 200;

    public static string Of(ReadOnlySpan<byte> body, string bareToken)
    {
        // Decode far enough that a token starting inside the snippet is whole, so it gets masked.
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, (MaxChars * 4) + bareToken.Length)]);
        if (bareToken.Length > 0)
        {
            text = text.Replace(bareToken, TokenIdentity.Mask(bareToken), StringComparison.Ordinal);
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxChars + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
