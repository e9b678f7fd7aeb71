namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// Loads attachments (docs/grok-protocol.md §8.2): data URIs are decoded, links to this service's own
/// <c>/v1/files</c> are read from the media cache (never fetched), other http(s) URLs go through the
/// guarded <see cref="AttachmentFetcher"/>. Thread-safe.
/// </summary>
internal sealed class AttachmentLoader(
    IOptionsMonitor<AssetSection> asset, IOptionsMonitor<AppSection> app, IMediaCache cache, AttachmentFetcher fetcher) : IAttachmentLoader
{
    public async Task<AttachmentLoadResult> LoadAsync(ConversationAttachment attachment, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(request);
        var maxMb = AttachmentLimits.MaxMb(asset.CurrentValue);
        // Data URIs are checked on their bytes (a slice of the request body), never made a string.
        var media = attachment.Media;
        if (media.StartsWithIgnoreCase("data:"))
        {
            return DataUriDecoder.Decode(attachment, maxMb * 1024L * 1024, maxMb);
        }

        var source = media.ToString().Trim();
        if (source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUriDecoder.Decode(attachment with { Media = MediaValue.FromString(source) }, maxMb * 1024L * 1024, maxMb);
        }

        if (!Uri.TryCreate(source, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return AttachmentLoadResult.Refused(AttachmentErrors.Invalid(attachment.Param, "expected an http(s) URL or a base64 data URI"));
        }

        if (MediaLinks.IsOwnFileLink(url, app.CurrentValue.AppUrl, request, out var kind, out var name))
        {
            return await ReadCachedAsync(attachment, kind, name, maxMb, cancellationToken);
        }

        return await fetcher.FetchAsync(attachment, url, cancellationToken);
    }

    private async Task<AttachmentLoadResult> ReadCachedAsync(
        ConversationAttachment attachment, MediaKind? kind, string? name, int maxMb, CancellationToken cancellationToken)
    {
        if (kind is not { } mediaKind || name is null || cache.Find(mediaKind, name) is not { } path)
        {
            return AttachmentLoadResult.Refused(AttachmentErrors.NotFound(attachment.Param));
        }

        byte[] content;
        try
        {
            if (new FileInfo(path).Length > maxMb * 1024L * 1024)
            {
                return AttachmentLoadResult.Refused(AttachmentErrors.TooLarge(attachment.Param, maxMb));
            }

            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Trimmed between the lookup and the read.
            return AttachmentLoadResult.Refused(AttachmentErrors.NotFound(attachment.Param));
        }

        var fileName = AttachmentNames.Sanitize(attachment.FileName) ?? name;
        return AttachmentLoadResult.Loaded(new LoadedAttachment(content, AttachmentNames.MimeTypeOfCached(mediaKind == MediaKind.Video, name), fileName));
    }
}
