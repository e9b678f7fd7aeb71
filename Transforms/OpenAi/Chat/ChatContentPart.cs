namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>One validated content block of a chat message.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The text of a <see cref="ChatContentKind.Text"/> block.</param>
/// <param name="Media">For media blocks: an http(s) URL or a <c>data:&lt;mime&gt;;base64,...</c> URI (bare base64 is refused when reading).</param>
/// <param name="FileName">A file name the client gave (<c>file.filename</c>), when any.</param>
/// <param name="Param">The request path of the block's media value, e.g. <c>messages[2].content[1].image_url.url</c>, for error messages.</param>
public sealed record ChatContentPart(ChatContentKind Kind, string? Text, string? Media, string? FileName, string Param);
