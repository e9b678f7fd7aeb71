namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>
/// Reads the rarer parts of an upstream chat line (envelope, cards, progress, errors) from a
/// <see cref="JsonElement"/>. These lines come a handful of times per answer, so they may allocate;
/// the token path in <see cref="GrokLineParser"/> does not come here.
/// </summary>
internal static class GrokEnvelopeReader
{
    private const int MaxDepth = 64;

    public static GrokImageProgress ReadImageProgress(JsonElement e) => new(
        Int(e, "imageIndex") ?? 0,
        Int(e, "progress") ?? 0,
        NonEmpty(Str(e, "imageUrl")),
        Bool(e, "isFinal"),
        Bool(e, "moderated"));

    public static GrokVideoProgress ReadVideoProgress(JsonElement e) => new(
        Int(e, "progress"),
        Str(e, "videoId"),
        Str(e, "videoPostId"),
        Str(e, "assetId"),
        NonEmpty(Str(e, "videoUrl")),
        NonEmpty(Str(e, "thumbnailImageUrl")),
        Bool(e, "moderated"),
        Str(e, "resolutionName"));

    /// <summary>Decodes a JSON-encoded card; null when it is not JSON or has no id.</summary>
    public static GrokCard? ReadCard(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return ReadCard(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static GrokCard? ReadCard(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || NonEmpty(Str(e, "id")) is not { } id)
        {
            return null;
        }

        var cardType = Str(e, "cardType");
        if (e.TryGetProperty("image_chunk", out var chunk) && chunk.ValueKind == JsonValueKind.Object)
        {
            return new GrokCard(id, cardType, NonEmpty(Str(chunk, "imageUrl")), null, true, Int(chunk, "progress"), Bool(chunk, "moderated"));
        }

        if (e.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object)
        {
            return new GrokCard(id, cardType, NonEmpty(Str(image, "original")), Str(image, "title"), false, null, false);
        }

        return new GrokCard(id, cardType, null, null, false, null, false);
    }

    public static GrokModelResponse ReadModelResponse(JsonElement e, out GrokStreamError? error)
    {
        error = null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            return new GrokModelResponse(null, string.Empty, [], [], null);
        }

        var images = new List<string>();
        CollectImageUrls(e, images, 0);
        var cards = new List<GrokCard>();
        if (e.TryGetProperty("cardAttachmentsJson", out var cardList) && cardList.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in cardList.EnumerateArray())
            {
                var card = item.ValueKind == JsonValueKind.String ? ReadCard(item.GetString()) : ReadCard(item);
                if (card is not null)
                {
                    cards.Add(card);
                }
            }
        }

        string? modelHash = null;
        if (e.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("llm_info", out var llmInfo) && llmInfo.ValueKind == JsonValueKind.Object)
        {
            modelHash = NonEmpty(Str(llmInfo, "modelHash"));
        }

        if (NonEmpty(Str(e, "error")) is { } modelError)
        {
            error = GrokStreamErrors.Create(GrokStreamErrorKind.Model, modelError);
        }
        else if (e.TryGetProperty("streamErrors", out var streamErrors) && streamErrors.ValueKind == JsonValueKind.Array
            && streamErrors.GetArrayLength() > 0)
        {
            var first = streamErrors[0];
            var message = first.ValueKind == JsonValueKind.String ? first.GetString() : Str(first, "message");
            error = GrokStreamErrors.Create(GrokStreamErrorKind.Stream, message);
        }

        return new GrokModelResponse(NonEmpty(Str(e, "responseId")), Str(e, "message") ?? string.Empty, images, cards, modelHash);
    }

    /// <summary><c>{"results":[{"title","url","preview"}]}</c>, or the array itself.</summary>
    public static IReadOnlyList<GrokWebSearchResult> ReadWebSearch(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("results", out var results))
        {
            e = results;
        }

        if (e.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<GrokWebSearchResult>();
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                list.Add(new GrokWebSearchResult(Str(item, "title"), Str(item, "url"), Str(item, "preview")));
            }
        }

        return list;
    }

    /// <summary>Top-level <c>{"error":{"code","message"}}</c>; a bare string is taken as the message.</summary>
    public static GrokStreamError ReadTopLevelError(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? GrokStreamErrors.TopLevel(null, e.GetString())
        : GrokStreamErrors.TopLevel(Int(e, "code"), Str(e, "message"));

    /// <summary><c>result.response.error</c>: <c>{"message"}</c> or a bare string.</summary>
    public static GrokStreamError ReadResponseError(JsonElement e) =>
        GrokStreamErrors.Response(e.ValueKind == JsonValueKind.String ? e.GetString() : Str(e, "message"));

    private static void CollectImageUrls(JsonElement e, List<string> into, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                CollectImageUrls(item, into, depth + 1);
            }

            return;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals("generatedImageUrls") || property.NameEquals("imageUrls") || property.NameEquals("imageURLs"))
            {
                AddUrls(property.Value, into);
            }
            else
            {
                CollectImageUrls(property.Value, into, depth + 1);
            }
        }
    }

    private static void AddUrls(JsonElement value, List<string> into)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            AddUrl(value.GetString(), into);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    AddUrl(item.GetString(), into);
                }
            }
        }
    }

    private static void AddUrl(string? url, List<string> into)
    {
        url = url?.Trim();
        if (!string.IsNullOrEmpty(url) && !into.Contains(url))
        {
            into.Add(url);
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int? Int(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => i,
            JsonValueKind.Number when v.TryGetDouble(out var d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
            JsonValueKind.String when int.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
