namespace Grok2Api.Storage.Responses;

/// <summary>
/// Which response ids a store accepts: <c>resp_</c> followed by 1 to 64 ASCII letters or digits
/// (the ids this service makes are <c>resp_</c> and 32 lower-case hex digits). Nothing else, so an
/// id can never name another file or key: no <c>/</c>, <c>\</c>, <c>.</c> or whitespace. Every
/// backend applies the same rule: an invalid id is never found, never deleted and never stored.
/// </summary>
internal static class ResponseIds
{
    /// <summary>The prefix of every response id.</summary>
    public const string Prefix = "resp_";

    /// <summary>The most characters after the prefix.</summary>
    public const int MaxSuffixLength = 64;

    /// <summary>Whether <paramref name="id"/> is an id a store may hold.</summary>
    /// <param name="id">The id, from a request or a record.</param>
    public static bool IsValid(string? id)
    {
        if (id is null || id.Length <= Prefix.Length || id.Length > Prefix.Length + MaxSuffixLength
            || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks a record before it is stored.</summary>
    /// <param name="response">The record.</param>
    /// <exception cref="ArgumentException">The id is not valid, or a document is missing.</exception>
    public static void ThrowIfInvalid(StoredResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsValid(response.Id))
        {
            throw new ArgumentException("The response id must be resp_ followed by 1 to 64 ASCII letters or digits.", nameof(response));
        }

        if (response.Response is null || response.Context is null)
        {
            throw new ArgumentException("A stored response needs both documents.", nameof(response));
        }
    }
}
