namespace Grok2Api.Transforms.Conversations;

/// <summary>A media part that must be fetched, uploaded with the leased account and attached to the upstream message.</summary>
public sealed record ConversationAttachment
{
    /// <summary>An attachment whose value is a string.</summary>
    /// <param name="kind">Image, audio or file.</param>
    /// <param name="source">An http(s) URL or a data URI.</param>
    /// <param name="fileName">A client-given file name, when any.</param>
    /// <param name="param">Where it is in the client's request, for error messages.</param>
    public ConversationAttachment(ConversationPartKind kind, string source, string? fileName, string param)
        : this(kind, MediaValue.FromString(source), fileName, param)
    {
    }

    /// <summary>An attachment.</summary>
    /// <param name="kind">Image, audio or file.</param>
    /// <param name="media">An http(s) URL or a data URI (possibly a slice of the request body).</param>
    /// <param name="fileName">A client-given file name, when any.</param>
    /// <param name="param">Where it is in the client's request, for error messages.</param>
    public ConversationAttachment(ConversationPartKind kind, MediaValue media, string? fileName, string param)
    {
        ArgumentNullException.ThrowIfNull(media);
        Kind = kind;
        Media = media;
        FileName = fileName;
        Param = param;
    }

    /// <summary>Image, audio or file.</summary>
    public ConversationPartKind Kind { get; init; }

    /// <summary>An http(s) URL or a data URI.</summary>
    public MediaValue Media { get; init; }

    /// <summary><see cref="Media"/> as text; materialises a data URI held as bytes (tests, diagnostics).</summary>
    public string Source => Media.ToString();

    /// <summary>A client-given file name, when any.</summary>
    public string? FileName { get; init; }

    /// <summary>Where it is in the client's request, for error messages.</summary>
    public string Param { get; init; }
}
