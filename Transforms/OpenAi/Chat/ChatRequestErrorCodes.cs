namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// The <c>code</c> values of the 400 errors that <see cref="ChatRequestReader"/> and
/// the chat surface (a conversation without text, an attachment that cannot be loaded) answer with. Each error also names the exact place in
/// <c>param</c>, e.g. <c>messages[1].content[0].image_url.url</c>.
/// </summary>
public static class ChatRequestErrorCodes
{
    /// <summary>The body is not valid JSON, or not a JSON object (param null).</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A required value (<c>model</c>, <c>messages</c>, a role, a content, a block field) is missing or null.</summary>
    public const string MissingRequiredParameter = "missing_required_parameter";

    /// <summary>A value has the wrong JSON type, e.g. <c>"stream": "yes"</c>.</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>
    /// A value is outside its set: an unknown role, block type or <c>reasoning_effort</c>, a media block outside a user
    /// message, a tool's name that is not valid or given twice, a <c>tool_choice</c> naming no offered tool, or call
    /// arguments that are not a JSON object.
    /// </summary>
    public const string InvalidValue = "invalid_value";

    /// <summary><c>messages</c> is an empty array.</summary>
    public const string EmptyArray = "empty_array";

    /// <summary>A message with the legacy <c>function</c> role (tool results are <c>tool</c> messages).</summary>
    public const string UnsupportedRole = "unsupported_role";

    /// <summary>A legacy parameter the gateway refuses: <c>functions</c> or <c>function_call</c> (use <c>tools</c> and <c>tool_choice</c>).</summary>
    public const string UnsupportedParameter = "unsupported_parameter";

    /// <summary>A feature the gateway cannot offer, e.g. <c>file.file_id</c> (there is no file storage).</summary>
    public const string UnsupportedValue = "unsupported_value";

    /// <summary>A media value that is not an http(s) URL or a <c>data:&lt;mime&gt;;base64,...</c> URI: blank, bare base64, another scheme or a malformed data URI.</summary>
    public const string InvalidMedia = "invalid_media";

    /// <summary>A number above its maximum (<c>temperature</c> 2, <c>top_p</c> 1).</summary>
    public const string DecimalAboveMaxValue = "decimal_above_max_value";

    /// <summary>A number below its minimum (0 for <c>temperature</c> and <c>top_p</c>).</summary>
    public const string DecimalBelowMinValue = "decimal_below_min_value";

    /// <summary>The conversation has no text at all (param <c>messages</c>); media alone are refused too.</summary>
    public const string EmptyPrompt = "empty_prompt";

    /// <summary>An attachment's data URI or URL that cannot be used as given.</summary>
    public const string InvalidAttachment = "invalid_attachment";

    /// <summary>An attachment URL whose host is not allowed (loopback, private, link-local, metadata…).</summary>
    public const string AttachmentUrlRefused = "attachment_url_refused";

    /// <summary>An attachment above <c>asset.fetch_max_mb</c>.</summary>
    public const string AttachmentTooLarge = "attachment_too_large";

    /// <summary>An attachment fetch that took longer than <c>asset.fetch_timeout</c>.</summary>
    public const string AttachmentFetchTimeout = "attachment_fetch_timeout";

    /// <summary>An attachment fetch that failed (status, connection, too many redirects).</summary>
    public const string AttachmentFetchFailed = "attachment_fetch_failed";

    /// <summary>An attachment linking to this service's <c>/v1/files</c> that names no cached file.</summary>
    public const string AttachmentNotFound = "attachment_not_found";
}
