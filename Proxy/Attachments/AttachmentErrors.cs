namespace Grok2Api.Proxy.Attachments;

/// <summary>
/// The 400 errors of attachments, each naming the request parameter. Messages say what was wrong with
/// the client's value; they never carry resolved addresses, upstream bodies or other internal detail.
/// </summary>
internal static class AttachmentErrors
{
    public static OpenAiError Invalid(string param, string reason) =>
        Create($"The attachment at {param} cannot be used: {reason}.", param, ChatRequestErrorCodes.InvalidAttachment);

    public static OpenAiError Refused(string param, string what) =>
        Create($"The URL at {param} is not allowed: {what}. Only public addresses are fetched.", param, ChatRequestErrorCodes.AttachmentUrlRefused);

    public static OpenAiError TooLarge(string param, int maxMb) =>
        Create($"The attachment at {param} is larger than {maxMb} MB.", param, ChatRequestErrorCodes.AttachmentTooLarge);

    public static OpenAiError Timeout(string param, double seconds) =>
        Create($"Fetching the URL at {param} took longer than {seconds:0.###} s.", param, ChatRequestErrorCodes.AttachmentFetchTimeout);

    public static OpenAiError FetchFailed(string param, string reason) =>
        Create($"The URL at {param} could not be fetched: {reason}.", param, ChatRequestErrorCodes.AttachmentFetchFailed);

    public static OpenAiError NotFound(string param) =>
        Create($"The file linked at {param} is not in this service's media cache (it may have been cleaned up).", param, ChatRequestErrorCodes.AttachmentNotFound);

    private static OpenAiError Create(string message, string param, string code) =>
        new(message, OpenAiErrorTypes.InvalidRequest, param, code);
}
