namespace Grok2Api.TokenPool.Selection;

/// <summary>Well-known token tags.</summary>
public static class TokenTags
{
    /// <summary>The account has NSFW ("unhinged") content enabled.</summary>
    public const string Nsfw = "nsfw";
}
