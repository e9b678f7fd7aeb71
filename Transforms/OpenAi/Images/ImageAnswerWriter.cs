using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>
/// Writes generated images in the OpenAI images protocol: one JSON answer
/// <c>{"created","data":[{"url"|"b64_json","revised_prompt"?}],"usage","partial_failure"?}</c>, or an
/// SSE stream of <c>image_generation.partial_image</c> and <c>image_generation.completed</c> events
/// (<c>image_edit.*</c> for edits). One instance per attempt; not thread-safe; dispose it.
/// </summary>
/// <remarks>
/// <para>Images missing from a partly successful request are reported in <c>partial_failure</c>
/// (<c>{"requested","failed","message"}</c>) of the JSON answer, and as a last <c>error</c> event
/// (code <c>images_incomplete</c>) of a stream. A stream always ends with a final event: the last
/// <c>*.completed</c>, or an <c>error</c> event.</para>
/// <para>A whole answer keeps each finished image until <see cref="Complete"/> and lets go of it as
/// soon as it was written into the response, so an image is held once (as the exchange handed it over)
/// plus the response bytes not yet flushed.</para>
/// </remarks>
public sealed class ImageAnswerWriter : AnswerWriter
{
    /// <summary>The <c>code</c> of the stream event that reports missing images.</summary>
    public const string IncompleteCode = "images_incomplete";

    private readonly ImageAnswerOptions _options;
    private readonly IBufferWriter<byte> _target;
    private readonly List<GeneratedImage?> _finals = [];
    private readonly byte[] _partialEvent;
    private readonly byte[] _completedEvent;
    private readonly ReusedJsonWriter _json = new();
    private int _completed;
    private int _missing;
    private string? _missingReason;
    private int? _inputTokens;
    private bool _finished;

    /// <summary>Creates the writer of one answer.</summary>
    /// <param name="options">The request's settings.</param>
    /// <param name="target">The response body.</param>
    public ImageAnswerWriter(ImageAnswerOptions options, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        _options = options;
        _target = target;
        _partialEvent = System.Text.Encoding.ASCII.GetBytes(options.EventPrefix + ".partial_image");
        _completedEvent = System.Text.Encoding.ASCII.GetBytes(options.EventPrefix + ".completed");
    }

    /// <inheritdoc />
    public override bool Streams => _options.Stream;

    /// <summary>How many finished images were written or kept so far.</summary>
    public int Delivered => _options.Stream ? _completed : _finals.Count;

    /// <summary>Ignored: the images protocol has no text.</summary>
    /// <param name="utf8">The text.</param>
    public override void Text(ReadOnlySpan<byte> utf8)
    {
    }

    /// <summary>An image linked by URL (e.g. by a conversation decoder): taken as the next finished image.</summary>
    /// <param name="alt">Its alternative text, used as its id.</param>
    /// <param name="url">Its URL.</param>
    public override void Image(string alt, string url)
    {
        var mediaType = url.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        GeneratedImage(Conversations.GeneratedImage.WithUrl(Delivered, string.IsNullOrEmpty(alt) ? "image" : alt, mediaType, url));
    }

    /// <summary>A stream writes a partial or completed event at once; a whole answer keeps finished images until <see cref="Complete"/>.</summary>
    /// <param name="image">The image.</param>
    public override void GeneratedImage(GeneratedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (!_options.Stream)
        {
            if (image.IsFinal)
            {
                _finals.Add(image);
            }

            return;
        }

        if (image.IsFinal)
        {
            _completed++;
        }
        else if (_options.PartialImages is { } most && PartialIndex(image) >= most)
        {
            return;
        }

        WriteEvent(image.IsFinal ? _completedEvent : _partialEvent, image);
    }

    /// <inheritdoc />
    public override void ImagesMissing(int count, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(reason);
        _missing += count;
        _missingReason = reason;
    }

    /// <summary>
    /// Whole answer: the JSON object, images in index order. Stream: the <c>error</c> event for missing
    /// images, if any (or when no image came at all), so the stream ends with a final event.
    /// </summary>
    public override void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        if (_options.Stream)
        {
            if (_missing > 0)
            {
                WriteErrorEvent(new OpenAiError(MissingMessage(), OpenAiErrorTypes.Server, null, IncompleteCode));
            }
            else if (_completed == 0)
            {
                WriteErrorEvent(new OpenAiError("grok.com ended the generation without an image.", OpenAiErrorTypes.Server, null, "upstream_empty_answer"));
            }

            return;
        }

        WriteWhole();
    }

    /// <summary>Ends a stream that failed after it began with one <c>error</c> event.</summary>
    /// <param name="failure">What failed.</param>
    /// <exception cref="InvalidOperationException">In non-stream mode, where the caller answers with an HTTP error instead.</exception>
    public override void Fail(UpstreamFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        EnsureFailureCanBeStreamed(_finished);

        _finished = true;
        WriteErrorEvent(OpenAiFailure.From(failure, _options.Model).Error);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _finished = true;
            _finals.Clear();
            _json.Dispose();
        }
    }

    private string MissingMessage() => string.Create(
        CultureInfo.InvariantCulture,
        $"{_missing} of {Math.Max(_options.Requested, _missing + Delivered)} images could not be generated: {_missingReason}");

    private Utf8JsonWriter Json() => _json.To(_target);

    private void WriteWhole()
    {
        _finals.Sort(static (a, b) => a!.Index.CompareTo(b!.Index));
        var json = Json();
        json.WriteStartObject();
        json.WriteNumber("created"u8, _options.Created);
        json.WriteStartArray("data"u8);
        for (var i = 0; i < _finals.Count; i++)
        {
            var image = _finals[i]!;
            json.WriteStartObject();
            WriteImageValue(json, image);
            if (image.RevisedPrompt is { } revised)
            {
                json.WriteString("revised_prompt"u8, revised);
            }

            json.WriteEndObject();

            // Written into the response: the image itself is no longer needed.
            _finals[i] = null;
            json.Flush();
        }

        json.WriteEndArray();
        json.WritePropertyName("usage"u8);
        WriteUsage(json);
        if (_missing > 0)
        {
            json.WriteStartObject("partial_failure"u8);
            json.WriteNumber("requested"u8, Math.Max(_options.Requested, _missing + _finals.Count));
            json.WriteNumber("failed"u8, _missing);
            json.WriteString("message"u8, MissingMessage());
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.Flush();
        _finals.Clear();
    }

    private static void WriteImageValue(Utf8JsonWriter json, GeneratedImage image)
    {
        if (image.Url is { } url)
        {
            json.WriteString("url"u8, url);
        }
        else
        {
            json.WriteString("b64_json"u8, image.Base64.Span);
        }
    }

    private void WriteUsage(Utf8JsonWriter json)
    {
        var input = _inputTokens ??= ChatTokenCounter.Count(_options.Prompt);
        json.WriteStartObject();
        json.WriteNumber("total_tokens"u8, input);
        json.WriteNumber("input_tokens"u8, input);
        json.WriteNumber("output_tokens"u8, 0);
        json.WriteStartObject("input_tokens_details"u8);
        json.WriteNumber("text_tokens"u8, input);
        json.WriteNumber("image_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteEvent(byte[] name, GeneratedImage image)
    {
        var json = _json.StartEvent(_target, name);
        WriteImageValue(json, image);
        json.WriteNumber("created_at"u8, _options.Created);
        json.WriteString("size"u8, _options.Size);
        json.WriteString("quality"u8, "auto"u8);
        json.WriteString("background"u8, "auto"u8);
        json.WriteString("output_format"u8, image.OutputFormat);
        json.WriteNumber("index"u8, image.Index);
        json.WriteString("image_id"u8, image.Id);
        if (image.IsFinal)
        {
            json.WritePropertyName("usage"u8);
            WriteUsage(json);
        }
        else
        {
            json.WriteNumber("partial_image_index"u8, PartialIndex(image));
        }

        _json.EndEvent();
    }

    private void WriteErrorEvent(OpenAiError error)
    {
        var json = _json.StartEvent(_target, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        if (error.Param is null)
        {
            json.WriteNull("param"u8);
        }
        else
        {
            json.WriteString("param"u8, error.Param);
        }

        if (error.Code is null)
        {
            json.WriteNull("code"u8);
        }
        else
        {
            json.WriteString("code"u8, error.Code);
        }

        json.WriteEndObject();
        _json.EndEvent();
    }

    private static int PartialIndex(GeneratedImage image) => image.Stage == GeneratedImageStage.Preview ? 0 : 1;
}
