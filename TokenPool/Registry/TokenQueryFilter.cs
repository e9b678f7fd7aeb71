namespace Grok2Api.TokenPool.Registry;

/// <summary>Whether a token matches the filters of a <see cref="TokenQuery"/>.</summary>
internal static class TokenQueryFilter
{
    public static bool Matches(TokenEntry entry, TokenQuery query)
    {
        if (!string.IsNullOrEmpty(query.Pool) && !string.Equals(entry.Pool, query.Pool, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.Status is { } status && entry.Status != status)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(query.Tag) && !MatchesTag(entry, query.Tag.Trim()))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(query.Search))
        {
            return true;
        }

        var search = query.Search.Trim();
        return entry.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
            || entry.Mask.Contains(search, StringComparison.OrdinalIgnoreCase)
            || entry.Note.Contains(search, StringComparison.OrdinalIgnoreCase);
    }

    // "nsfw" keeps the tokens with the tag; "!nsfw" keeps those without it (the "NSFW off" tab).
    private static bool MatchesTag(TokenEntry entry, string tag) =>
        tag.StartsWith('!') ? !entry.HasTag(tag[1..].Trim()) : entry.HasTag(tag);
}
