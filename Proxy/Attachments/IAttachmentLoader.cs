namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Loads the bytes of a client attachment: decodes a data URI, reads a link to this service's own
/// <c>/v1/files</c> from the media cache, or fetches an http(s) URL with the SSRF guard (no
/// loopback, private, link-local or metadata addresses unless allowlisted; bounded size, time and
/// redirects, each hop re-checked). Done once per request, before any token is leased.
/// </summary>
internal interface IAttachmentLoader
{
    /// <summary>Loads one attachment.</summary>
    /// <param name="attachment">The attachment from the flattened prompt.</param>
    /// <param name="request">The client's request, to recognise links to this service itself.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    Task<AttachmentLoadResult> LoadAsync(ConversationAttachment attachment, HttpRequest request, CancellationToken cancellationToken);
}
