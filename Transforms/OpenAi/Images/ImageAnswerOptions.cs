namespace Grok2Api.Transforms.OpenAi.Images;

/// <summary>What one <see cref="ImageAnswerWriter"/> needs to know about its request.</summary>
public sealed record ImageAnswerOptions
{
    /// <summary>The event names of image generation: <c>image_generation.partial_image</c>, <c>image_generation.completed</c>.</summary>
    public const string GenerationEvents = "image_generation";

    /// <summary>The event names of image edits: <c>image_edit.partial_image</c>, <c>image_edit.completed</c>.</summary>
    public const string EditEvents = "image_edit";

    /// <summary>The public model id the client asked for (for error messages).</summary>
    public required string Model { get; init; }

    /// <summary><c>created</c> (and <c>created_at</c> of events), in Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>True for an SSE event stream, false for one JSON answer.</summary>
    public bool Stream { get; init; }

    /// <summary>The OpenAI size echoed in stream events, e.g. <c>1024x1024</c>.</summary>
    public string Size { get; init; } = ImageSizes.Default;

    /// <summary>How many images were asked for (for the partial-failure report).</summary>
    public int Requested { get; init; } = 1;

    /// <summary>The prefix of the stream's event names: <see cref="GenerationEvents"/> (default) or <see cref="EditEvents"/>.</summary>
    public string EventPrefix { get; init; } = GenerationEvents;

    /// <summary>The prompt, counted for <c>usage.input_tokens</c>; null leaves the count at 0.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// OpenAI's <c>partial_images</c> (0 to 3): how many partial images a stream sends per image, at most
    /// the two stages grok.com renders (the preview, index 0, then the medium one, index 1); 0 sends only
    /// the completed events. Null (the parameter absent) sends every stage, as the original did.
    /// </summary>
    public int? PartialImages { get; init; }
}
