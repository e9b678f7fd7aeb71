using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grok2Api.Storage.Shared;

/// <summary>
/// What a shared store announces after a committed write, as compact JSON: the writing instance,
/// the kind (<see cref="Tokens"/> or <see cref="Config"/>), the public token ids touched, or
/// <c>all</c> when there were too many to list.
/// </summary>
/// <param name="Origin">The instance id of the writer (<c>StoreInstance.Id</c>).</param>
/// <param name="Kind">tokens or config.</param>
/// <param name="Ids">Public token ids (tokens only).</param>
/// <param name="All">Every token may have changed.</param>
internal sealed record StoreNotice(
    [property: JsonPropertyName("o")] string Origin,
    [property: JsonPropertyName("k")] string Kind,
    [property: JsonPropertyName("ids")] IReadOnlyList<string>? Ids,
    [property: JsonPropertyName("all")] bool All)
{
    public const string Tokens = "tokens";
    public const string Config = "config";

    /// <summary>At most this many ids are listed; a larger change is announced as <c>all</c> (PostgreSQL NOTIFY payloads stay well under 8000 bytes).</summary>
    public const int MaxIds = 300;

    /// <summary>The notice of a token write touching <paramref name="ids"/>.</summary>
    public static StoreNotice ForTokens(string origin, IReadOnlyCollection<string> ids) =>
        ids.Count > MaxIds ? new StoreNotice(origin, Tokens, [], true) : new StoreNotice(origin, Tokens, [.. ids], false);

    /// <summary>The notice of a config write.</summary>
    public static StoreNotice ForConfig(string origin) => new(origin, Config, null, false);

    public string ToJson() => JsonSerializer.Serialize(this, StoreRecordJsonContext.Default.StoreNotice);

    /// <summary>Reads a notice; null when the text is not one (written by something else).</summary>
    public static StoreNotice? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var notice = JsonSerializer.Deserialize(text, StoreRecordJsonContext.Default.StoreNotice);
            return notice is null || string.IsNullOrEmpty(notice.Origin) || string.IsNullOrEmpty(notice.Kind) ? null : notice;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
