using System.Text;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class UpstreamSnippetTests
{
    private const string Token = UpstreamTestContext.Token;

    [Fact]
    public void Of_LongBody_TruncatedToOneLine()
    {
        var body = Encoding.UTF8.GetBytes("line1\r\nline2\t" + new string('x', 1000));

        var snippet = UpstreamSnippet.Of(body, Token);

        Assert.Equal(UpstreamSnippet.MaxChars + 1, snippet.Length);
        Assert.StartsWith("line1  line2 x", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_BodyEchoingTokenAfterWideCharacters_TokenMasked()
    {
        var body = Encoding.UTF8.GetBytes(new string('\u4e2d', 150) + Token);

        var snippet = UpstreamSnippet.Of(body, Token);

        Assert.DoesNotContain(Token[..20], snippet, StringComparison.Ordinal);
        Assert.Contains(TokenIdentity.Mask(Token)[..6], snippet, StringComparison.Ordinal);
    }
}
