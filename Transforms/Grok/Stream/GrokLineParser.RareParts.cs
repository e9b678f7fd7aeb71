namespace Grok2Api.Transforms.Grok.Stream;

/// <summary>The parts of a line that come a few times per answer: read through <see cref="JsonDocument"/>.</summary>
public sealed partial class GrokLineParser
{
    /// <summary>The properties of a response read as a rare part, with the part each one fills.</summary>
    private static readonly (byte[] Name, GrokLineParts Part)[] RarePartProperties =
    [
        ("modelResponse"u8.ToArray(), GrokLineParts.ModelResponse),
        ("cardAttachment"u8.ToArray(), GrokLineParts.Card),
        ("streamingImageGenerationResponse"u8.ToArray(), GrokLineParts.ImageProgress),
        ("streamingVideoGenerationResponse"u8.ToArray(), GrokLineParts.VideoProgress),
        ("webSearchResults"u8.ToArray(), GrokLineParts.WebSearch),
        ("error"u8.ToArray(), GrokLineParts.Error),
    ];

    /// <summary>The parts that come a few times per answer; returns false for a property it does not read.</summary>
    private bool TryReadRarePart(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("finalMetadata"u8))
        {
            _line.Parts |= GrokLineParts.FinalMetadata;
            return false;
        }

        foreach (var (name, part) in RarePartProperties)
        {
            if (!reader.ValueTextEquals(name))
            {
                continue;
            }

            reader.Read();
            if (reader.TokenType is JsonTokenType.Null)
            {
                return true;
            }

            using var doc = JsonDocument.ParseValue(ref reader);
            ApplyRarePart(part, doc.RootElement);
            return true;
        }

        return false;
    }

    private void ApplyRarePart(GrokLineParts part, JsonElement value)
    {
        switch (part)
        {
            case GrokLineParts.ModelResponse when value.ValueKind == JsonValueKind.Object:
                var model = GrokEnvelopeReader.ReadModelResponse(value, out var error);
                _line.ModelResponse = model;
                _line.Parts |= GrokLineParts.ModelResponse;
                _line.ResponseId ??= model.ResponseId;
                _line.ModelHash ??= model.ModelHash;
                if (error is not null)
                {
                    SetError(error);
                }

                break;
            case GrokLineParts.Card when value.ValueKind == JsonValueKind.Object:
                var jsonData = value.TryGetProperty("jsonData", out var data) ? data : default;
                var card = jsonData.ValueKind == JsonValueKind.String ? GrokEnvelopeReader.ReadCard(jsonData.GetString())
                    : GrokEnvelopeReader.ReadCard(jsonData);
                if (card is not null)
                {
                    _line.Card = card;
                    _line.Parts |= GrokLineParts.Card;
                }

                break;
            case GrokLineParts.ImageProgress when value.ValueKind == JsonValueKind.Object:
                _line.ImageProgress = GrokEnvelopeReader.ReadImageProgress(value);
                _line.Parts |= GrokLineParts.ImageProgress;
                break;
            case GrokLineParts.VideoProgress when value.ValueKind == JsonValueKind.Object:
                _line.VideoProgress = GrokEnvelopeReader.ReadVideoProgress(value);
                _line.Parts |= GrokLineParts.VideoProgress;
                break;
            case GrokLineParts.WebSearch:
                var results = GrokEnvelopeReader.ReadWebSearch(value);
                if (results.Count > 0)
                {
                    _line.WebSearchResults = results;
                    _line.Parts |= GrokLineParts.WebSearch;
                }

                break;
            case GrokLineParts.Error when value.ValueKind is JsonValueKind.Object or JsonValueKind.String:
                SetError(GrokEnvelopeReader.ReadResponseError(value));
                break;
        }
    }
}
