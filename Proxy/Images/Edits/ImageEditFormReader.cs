using System.Globalization;
using System.Text;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.OpenAi.Images.Edits;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// Reads the multipart/form-data body of <c>POST /v1/images/edits</c> as it arrives, bounded: the whole
/// body by <c>chat.max_body_mb</c> (a declared length above it is refused before reading; the server's
/// own limit stops a chunked body), each image by the image limit, each text field by
/// <see cref="MaxFieldBytes"/>, the number of parts by <see cref="MaxParts"/>. Files go straight into
/// pooled buffers (held once); file parts under other names (<c>mask</c>) are read past and dropped.
/// </summary>
internal static class ImageEditFormReader
{
    /// <summary>The largest text field, in bytes (the prompt included): 256 KB.</summary>
    public const int MaxFieldBytes = 256 * 1024;

    /// <summary>The most parts a form may have.</summary>
    public const int MaxParts = 64;

    private const int MaxBoundaryLength = 200;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the content type is <c>multipart/form-data</c> (parameters aside).</summary>
    /// <param name="contentType">The request's Content-Type.</param>
    public static bool IsMultipartForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the form.</summary>
    /// <param name="request">The request; its Content-Type is multipart/form-data.</param>
    /// <param name="maxBodyBytes">The body limit.</param>
    /// <param name="maxImageBytes">The limit of one image.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public static async Task<ImageEditFormResult> ReadAsync(HttpRequest request, long maxBodyBytes, long maxImageBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return TooLarge(maxBodyBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return ImageEditFormResult.Failed(400, ImageEditErrors.MalformedForm("the Content-Type has no usable boundary parameter"));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBodyBytes;
        }

        var form = new ImageEditForm();
        try
        {
            var failure = await ReadPartsAsync(new MultipartReader(boundary, request.Body), form, maxImageBytes, cancellationToken);
            if (failure is not null)
            {
                form.Dispose();
                return failure;
            }

            return new ImageEditFormResult(form, 200, null);
        }
        catch (InvalidDataException)
        {
            form.Dispose();
            return ImageEditFormResult.Failed(400, ImageEditErrors.MalformedForm("it is not well-formed multipart/form-data (a boundary, part header or line is missing or too long)"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            form.Dispose();
            return TooLarge(maxBodyBytes);
        }
        catch (Exception ex) when (ex is BadHttpRequestException || (ex is IOException && !cancellationToken.IsCancellationRequested))
        {
            // A body cut short (the multipart reader says "unexpected end of stream") or refused by the server.
            form.Dispose();
            return ImageEditFormResult.Failed(400, ImageEditErrors.MalformedForm("the body ended early or was malformed"));
        }
        catch
        {
            form.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The name of a part and whether it is a file. ASP.NET Core's header type throws on some headers it
    /// parsed (a <c>filename*</c> parameter without a value): that header is malformed too, not a server error.
    /// </summary>
    private static bool TryReadDisposition(string? header, out string name, out bool isFile)
    {
        name = string.Empty;
        isFile = false;
        if (!ContentDispositionHeaderValue.TryParse(header, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            isFile = disposition.IsFileDisposition();
        }
        catch (ArgumentException)
        {
            return false;
        }

        name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
        return true;
    }

    private static async Task<ImageEditFormResult?> ReadPartsAsync(MultipartReader reader, ImageEditForm form, long maxImageBytes, CancellationToken cancellationToken)
    {
        reader.HeadersCountLimit = 16;
        reader.HeadersLengthLimit = 16 * 1024;
        var parts = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (++parts > MaxParts)
            {
                return ImageEditFormResult.Failed(400, ImageEditErrors.MalformedForm($"it has more than {MaxParts} parts"));
            }

            if (!TryReadDisposition(section.ContentDisposition, out var name, out var isFile))
            {
                return ImageEditFormResult.Failed(400, ImageEditErrors.MalformedForm("a part has no valid 'Content-Disposition: form-data' header"));
            }

            if (isFile)
            {
                if (!ImageEditRequestReader.ImageFields.Contains(name))
                {
                    // A mask or another file OpenAI defines: not used upstream; the body limit bounds it.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    continue;
                }

                if (form.Files.Count >= ImageEditRequestReader.MaxImages)
                {
                    return ImageEditFormResult.Failed(400, ImageEditErrors.TooManyImages());
                }

                var buffer = new PooledBuffer(16 * 1024);
                if (!await CopyBoundedAsync(section.Body, buffer, maxImageBytes, cancellationToken))
                {
                    buffer.Dispose();
                    var mb = (int)Math.Max(1, maxImageBytes / (1024 * 1024));
                    return ImageEditFormResult.Failed(400, ImageEditErrors.ImageTooLarge(name, form.Files.Count, mb));
                }

                form.AddFile(name, buffer);
                continue;
            }

            using var text = new PooledBuffer(256);
            if (!await CopyBoundedAsync(section.Body, text, MaxFieldBytes, cancellationToken))
            {
                return ImageEditFormResult.Failed(400, ImageEditErrors.FieldTooLarge(name, MaxFieldBytes / 1024));
            }

            string value;
            try
            {
                value = StrictUtf8.GetString(text.WrittenSpan);
            }
            catch (DecoderFallbackException)
            {
                return ImageEditFormResult.Failed(400, new OpenAiError(
                    "A form field is not valid UTF-8 text.", OpenAiErrorTypes.InvalidRequest, name.Length <= ImageEditErrors.MaxEcho ? name : null, "invalid_value"));
            }

            form.Fields.Add(new KeyValuePair<string, string>(name, value));
        }

        return null;
    }

    // Copies a part's body into the buffer; false (and stops) once it would exceed the limit.
    private static async Task<bool> CopyBoundedAsync(Stream source, PooledBuffer target, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var memory = target.GetMemory(16 * 1024);
            var read = await source.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return true;
            }

            if (target.Length + (long)read > limit)
            {
                return false;
            }

            target.Advance(read);
        }
    }

    private static ImageEditFormResult TooLarge(long maxBodyBytes) =>
        ImageEditFormResult.Failed(413, new OpenAiError(
            string.Create(CultureInfo.InvariantCulture, $"The request body is larger than chat.max_body_mb ({maxBodyBytes / (1024 * 1024)} MB)."),
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));
}
