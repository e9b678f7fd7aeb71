using Grok2Api.Transforms.Json;

namespace Grok2Api.Transforms.OpenAi.Chat;

/// <summary>
/// The 400 errors of a chat request, each message written once. Echoed client values are cut to
/// <see cref="MaxEcho"/> characters, and values that may carry media (data URIs, base64) are never
/// echoed.
/// </summary>
internal static class ChatRequestErrors
{
    internal const int MaxEcho = 100;

    private const string MediaForm = "an http(s) URL or a data URI (data:<mime>;base64,<payload>)";

    public static OpenAiError InvalidJson(long? line, long? bytePosition) => Create(
        line is null
            ? "We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json."
            : string.Create(CultureInfo.InvariantCulture,
                $"We could not parse the JSON body of your request (line {line + 1}, byte {bytePosition + 1}). Send a JSON object with Content-Type: application/json."),
        null, ChatRequestErrorCodes.InvalidJson);

    public static OpenAiError BodyNotObject(JsonValueKind kind) => Create(
        $"The request body must be a JSON object, but it is {JsonKindNames.Describe(kind)}.", null, ChatRequestErrorCodes.InvalidJson);

    public static OpenAiError Missing(string param, string? hint = null) => Create(
        hint is null ? $"You must provide the '{param}' parameter." : $"You must provide the '{param}' parameter: {hint}",
        param, ChatRequestErrorCodes.MissingRequiredParameter);

    public static OpenAiError InvalidType(string param, string expected, JsonValueKind actual) => Create(
        $"Invalid type for '{param}': expected {expected}, but got {JsonKindNames.Describe(actual)}.", param, ChatRequestErrorCodes.InvalidType);

    public static OpenAiError InvalidString(string param) => Create(
        $"Invalid value for '{param}': the string is not valid Unicode (it contains an unpaired surrogate or invalid UTF-8).",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError InvalidPropertyName(string? owner) => Create(
        owner is null
            ? "Invalid request body: a property name is not valid Unicode (it contains an unpaired surrogate or invalid UTF-8)."
            : $"Invalid '{owner}': one of its property names is not valid Unicode (it contains an unpaired surrogate or invalid UTF-8).",
        owner, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError InvalidValue(string param, string value, string supported) => Create(
        $"Invalid value '{Echo(value)}' for '{param}'. Supported values are: {supported}.", param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError EmptyArray(string param) => Create(
        $"Invalid '{param}': empty array. Expected an array with at least one message.", param, ChatRequestErrorCodes.EmptyArray);

    public static OpenAiError FunctionRole(string param) => Create(
        $"The role 'function' in '{param}' is the deprecated form of a tool result and is not supported. Send the result as a 'tool' message with the 'tool_call_id' of the assistant's call.",
        param, ChatRequestErrorCodes.UnsupportedRole);

    public static OpenAiError LegacyFunctions(string param, string replacement, string hint) => Create(
        $"'{param}' is the deprecated form of '{replacement}' and is not supported: {hint}",
        param, ChatRequestErrorCodes.UnsupportedParameter);

    public static OpenAiError InvalidToolName(string param, string name) => Create(
        $"Invalid '{param}': '{Echo(name)}' is not a valid function name. Use 1 to {OpenAiToolReader.MaxNameLength} characters among a-z, A-Z, 0-9, '_' and '-'.",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError DuplicateToolName(string param, string name) => Create(
        $"Invalid '{param}': the function name '{Echo(name)}' is offered twice. Each tool needs a distinct name.",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError ChoiceWithoutTools(string param, string choice) => Create(
        $"Invalid '{param}': {choice} requires 'tools', but the request offers none.",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError UnknownChosenTool(string param, string name) => Create(
        $"Invalid '{param}': the function '{Echo(name)}' is not one of the request's 'tools'.",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError ArgumentsNotObject(string param) => Create(
        $"Invalid '{param}': expected a string holding a JSON object (the call's arguments), e.g. \"{{\\\"city\\\":\\\"Paris\\\"}}\".",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError AboveMax(string param, double max, double value) => Create(
        string.Create(CultureInfo.InvariantCulture, $"Invalid '{param}': the number must be at most {max}, but got {Number(value)}."),
        param, ChatRequestErrorCodes.DecimalAboveMaxValue);

    public static OpenAiError BelowMin(string param, double min, double value) => Create(
        string.Create(CultureInfo.InvariantCulture, $"Invalid '{param}': the number must be at least {min}, but got {Number(value)}."),
        param, ChatRequestErrorCodes.DecimalBelowMinValue);

    public static OpenAiError MediaOutsideUser(string param, string blockType, string role) => Create(
        $"Invalid '{param}': '{blockType}' content parts are allowed only in user messages, but this message has the role '{role}'.",
        param, ChatRequestErrorCodes.InvalidValue);

    public static OpenAiError FileIdUnsupported(string param) => Create(
        $"'{param}' is not supported: the gateway has no file storage. Send the file inline in 'file.file_data' as a data URI (data:<mime>;base64,<payload>).",
        param, ChatRequestErrorCodes.UnsupportedValue);

    public static OpenAiError MediaEmpty(string param) => Create(
        $"Invalid '{param}': the value is empty. Send {MediaForm}.", param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError MediaBareBase64(string param) => Create(
        $"Invalid '{param}': base64 data must be sent as a data URI: data:<mime>;base64,<payload> (for example data:image/png;base64,iVBOR...).",
        param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError MediaScheme(string param, string scheme) => Create(
        $"Invalid '{param}': the scheme '{Echo(scheme)}:' is not supported. Send {MediaForm}.", param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError MediaUrl(string param) => Create(
        $"Invalid '{param}': the value is not a valid http(s) URL.", param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError MediaDataUri(string param, string problem) => Create(
        $"Invalid '{param}': {problem}. Expected data:<mime>;base64,<payload>.", param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError MediaUnrecognized(string param) => Create(
        $"Invalid '{param}': expected {MediaForm}.", param, ChatRequestErrorCodes.InvalidMedia);

    public static OpenAiError EmptyPrompt(bool hasMedia) => Create(
        hasMedia
            ? "The conversation has no text: images, audio and files cannot be sent without a prompt. Add a text part to a user message."
            : "The conversation has no text: every message is empty or blank.",
        "messages", ChatRequestErrorCodes.EmptyPrompt);

    /// <summary>A client value made safe to quote: media-like values are hidden and long ones cut.</summary>
    internal static string Echo(string value)
    {
        if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || value.Contains(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return "<data URI>";
        }

        return value.Length <= MaxEcho ? value : string.Concat(value.AsSpan(0, MaxEcho), "…");
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static OpenAiError Create(string message, string? param, string code) =>
        new(message, OpenAiErrorTypes.InvalidRequest, param, code);
}
