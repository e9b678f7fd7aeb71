namespace Grok2Api.Transforms.Conversations;

/// <summary>One validated part of a message: text, or a media attachment.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The text of a <see cref="ConversationPartKind.Text"/> part.</param>
/// <param name="Media">For media parts: an http(s) URL or a <c>data:&lt;mime&gt;;base64,...</c> URI (bare base64 is refused when reading).</param>
/// <param name="FileName">A file name the client gave, when any.</param>
/// <param name="Param">Where the part's media value is in the client's request (e.g. <c>messages[2].content[1].image_url.url</c>), for error messages.</param>
public sealed record ConversationPart(ConversationPartKind Kind, string? Text, string? Media, string? FileName, string Param);
