namespace Grok2Api.Proxy.Attachments;

/// <summary>An attachment's bytes, or why the client's value was refused (a 400 OpenAI error naming the parameter).</summary>
/// <param name="Attachment">The bytes, when loaded.</param>
/// <param name="Error">The client error, when refused.</param>
internal sealed record AttachmentLoadResult(LoadedAttachment? Attachment, OpenAiError? Error)
{
    public static AttachmentLoadResult Loaded(LoadedAttachment attachment) => new(attachment, null);

    public static AttachmentLoadResult Refused(OpenAiError error) => new(null, error);
}
