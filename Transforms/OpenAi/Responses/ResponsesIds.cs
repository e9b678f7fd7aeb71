using System.Security.Cryptography;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>The ids of the Responses API: <c>resp_</c> and 32 lower-case hex digits for a response, and prefixed random ids for its items and calls.</summary>
public static class ResponsesIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A new response id: <c>resp_</c> and 32 lower-case hex digits.</summary>
    public static string NewResponseId() => "resp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> has the form of a response id this gateway makes.</summary>
    /// <param name="id">A client's id.</param>
    public static bool IsResponseId(string? id)
    {
        if (id is not { Length: 37 } || !id.StartsWith("resp_", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(5))
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A new item id: <paramref name="prefix"/> (e.g. <c>msg</c>, <c>rs</c>, <c>fc</c>, <c>call</c>), an underscore and 24 random letters and digits.</summary>
    /// <param name="prefix">The prefix.</param>
    public static string New(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Alphabet, 24);
}
