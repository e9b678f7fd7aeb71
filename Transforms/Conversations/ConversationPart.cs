namespace Grok2Api.Transforms.Conversations;

/// <summary>One validated part of a message: text, or a media attachment.</summary>
public sealed record ConversationPart
{
    /// <summary>A part whose media value, if any, is a string.</summary>
    /// <param name="kind">What it is.</param>
    /// <param name="text">The text of a <see cref="ConversationPartKind.Text"/> part.</param>
    /// <param name="media">For media parts: an http(s) URL or a <c>data:&lt;mime&gt;;base64,...</c> URI.</param>
    /// <param name="fileName">A file name the client gave, when any.</param>
    /// <param name="param">Where the part is in the client's request, for error messages.</param>
    public ConversationPart(ConversationPartKind kind, string? text, string? media, string? fileName, string param)
    {
        Kind = kind;
        Text = text;
        Source = media is null ? null : MediaValue.FromString(media);
        FileName = fileName;
        Param = param;
    }

    /// <summary>A media part.</summary>
    /// <param name="kind">Image, audio or file.</param>
    /// <param name="source">The URL or data URI (possibly a slice of the request body).</param>
    /// <param name="fileName">A file name the client gave, when any.</param>
    /// <param name="param">Where the part's media value is in the client's request.</param>
    public ConversationPart(ConversationPartKind kind, MediaValue source, string? fileName, string param)
    {
        Kind = kind;
        Source = source;
        FileName = fileName;
        Param = param;
    }

    /// <summary>What it is.</summary>
    public ConversationPartKind Kind { get; init; }

    /// <summary>The text of a <see cref="ConversationPartKind.Text"/> part.</summary>
    public string? Text { get; init; }

    /// <summary>For media parts: an http(s) URL or a <c>data:&lt;mime&gt;;base64,...</c> URI (bare base64 is refused when reading).</summary>
    public MediaValue? Source { get; init; }

    /// <summary><see cref="Source"/> as text; materialises a data URI held as bytes (tests, diagnostics).</summary>
    public string? Media => Source?.ToString();

    /// <summary>A file name the client gave, when any.</summary>
    public string? FileName { get; init; }

    /// <summary>Where the part's media value is in the client's request (e.g. <c>messages[2].content[1].image_url.url</c>), for error messages.</summary>
    public string Param { get; init; }
}
