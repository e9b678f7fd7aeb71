using System.Text.Encodings.Web;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>
/// The page of <c>GET /v1/responses/{id}/input_items</c>: <c>{"object":"list","data":[…],"first_id",
/// "last_id","has_more"}</c> over a stored response's input items, in <c>asc</c> or <c>desc</c>
/// order (desc is the default, as OpenAI's), at most <c>limit</c> items after the item <c>after</c>.
/// </summary>
public static class ResponsesInputItemsPage
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>limit</c> when none is given.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The largest <c>limit</c>.</summary>
    public const int MaxLimit = 100;

    /// <summary>Checks the query: <c>order</c> asc or desc, <c>limit</c> 1 to 100.</summary>
    /// <param name="order">The <c>order</c> parameter, or null.</param>
    /// <param name="limit">The <c>limit</c> parameter, or null.</param>
    /// <param name="ascending">Whether the order is ascending.</param>
    /// <param name="count">The limit.</param>
    /// <returns>The 400 error, or null.</returns>
    public static OpenAiError? ReadQuery(string? order, string? limit, out bool ascending, out int count)
    {
        ascending = false;
        count = DefaultLimit;
        if (order is not null)
        {
            if (order is not ("asc" or "desc"))
            {
                return ResponsesRequestErrors.InvalidQuery("order", "expected 'asc' or 'desc'.");
            }

            ascending = order == "asc";
        }

        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return ResponsesRequestErrors.InvalidQuery("limit", "expected an integer from 1 to 100.");
        }

        return null;
    }

    /// <summary>Writes the page.</summary>
    /// <param name="items">All input items of the response, in request order.</param>
    /// <param name="ascending">Whether the order is ascending.</param>
    /// <param name="limit">At most this many items.</param>
    /// <param name="after">List only items after the item with this id (in the chosen order), or null.</param>
    /// <returns>The page as UTF-8 JSON.</returns>
    public static byte[] Write(IReadOnlyList<string> items, bool ascending, int limit, string? after)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ordered = new List<(string Id, string Json)>(items.Count);
        foreach (var item in items)
        {
            using var document = JsonDocument.Parse(item);
            var id = document.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
            ordered.Add((id, item));
        }

        if (!ascending)
        {
            ordered.Reverse();
        }

        var start = 0;
        if (after is not null)
        {
            var found = ordered.FindIndex(i => i.Id == after);
            start = found < 0 ? ordered.Count : found + 1;
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            foreach (var (_, item) in page)
            {
                json.WriteRawValue(item);
            }

            json.WriteEndArray();
            if (page.Count > 0)
            {
                json.WriteString("first_id"u8, page[0].Id);
                json.WriteString("last_id"u8, page[^1].Id);
            }
            else
            {
                json.WriteNull("first_id"u8);
                json.WriteNull("last_id"u8);
            }

            json.WriteBoolean("has_more"u8, start + page.Count < ordered.Count);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
