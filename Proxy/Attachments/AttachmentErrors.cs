using Grok2Api.Transforms.OpenAi;

namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// The 400 errors of attachments, each naming the request parameter. Messages say what was wrong with
/// the client's value; they never carry resolved addresses, upstream bodies or other internal detail.
/// </summary>
internal static class AttachmentErrors
{
    /// <summary>Code of a data URI or URL that cannot be used as given.</summary>
    public const string InvalidCode = "invalid_attachment";

    /// <summary>Code of a URL whose host is not allowed (loopback, private, link-local, metadata…).</summary>
    public const string RefusedCode = "attachment_url_refused";

    /// <summary>Code of an attachment above <c>asset.fetch_max_mb</c>.</summary>
    public const string TooLargeCode = "attachment_too_large";

    /// <summary>Code of a fetch that took longer than <c>asset.fetch_timeout</c>.</summary>
    public const string TimeoutCode = "attachment_fetch_timeout";

    /// <summary>Code of a fetch that failed (status, connection, too many redirects).</summary>
    public const string FetchFailedCode = "attachment_fetch_failed";

    /// <summary>Code of a link to this service's <c>/v1/files</c> that names no cached file.</summary>
    public const string NotFoundCode = "attachment_not_found";

    public static OpenAiError Invalid(string param, string reason) =>
        Create($"The attachment at {param} cannot be used: {reason}.", param, InvalidCode);

    public static OpenAiError Refused(string param, string what) =>
        Create($"The URL at {param} is not allowed: {what}. Only public addresses are fetched.", param, RefusedCode);

    public static OpenAiError TooLarge(string param, int maxMb) =>
        Create($"The attachment at {param} is larger than {maxMb} MB.", param, TooLargeCode);

    public static OpenAiError Timeout(string param, double seconds) =>
        Create($"Fetching the URL at {param} took longer than {seconds:0.###} s.", param, TimeoutCode);

    public static OpenAiError FetchFailed(string param, string reason) =>
        Create($"The URL at {param} could not be fetched: {reason}.", param, FetchFailedCode);

    public static OpenAiError NotFound(string param) =>
        Create($"The file linked at {param} is not in this service's media cache (it may have been cleaned up).", param, NotFoundCode);

    private static OpenAiError Create(string message, string param, string code) =>
        new(message, OpenAiErrorTypes.InvalidRequest, param, code);
}
