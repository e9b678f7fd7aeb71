using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.OpenAi.Responses;

/// <summary>The 400 and 404 errors of the Responses API that chat requests do not have; each message written once.</summary>
public static class ResponsesRequestErrors
{
    /// <summary>A tool type other than <c>function</c> (web_search, file_search, …).</summary>
    /// <param name="param">Where the type is.</param>
    /// <param name="type">The type as sent.</param>
    public static OpenAiError UnsupportedToolType(string param, string type) => new(
        $"The tool type '{ChatRequestErrors.Echo(type)}' in '{param}' is not supported: the gateway offers only function tools (type 'function'), which the client runs itself.",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.UnsupportedValue);

    /// <summary>An input item type the gateway does not take.</summary>
    /// <param name="param">Where the type is.</param>
    /// <param name="type">The type as sent.</param>
    public static OpenAiError UnsupportedItemType(string param, string type) => new(
        $"The input item type '{ChatRequestErrors.Echo(type)}' in '{param}' is not supported. Supported are 'message', 'function_call', 'function_call_output' and 'reasoning' (ignored).",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.UnsupportedValue);

    /// <summary>A <c>file_id</c> (the gateway has no file storage).</summary>
    /// <param name="param">Where it is.</param>
    public static OpenAiError FileIdUnsupported(string param) => new(
        $"'{param}' is not supported: the gateway has no file storage. Send the file inline as a data URI (data:<mime>;base64,<payload>) or as an http(s) URL.",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.UnsupportedValue);

    /// <summary>A tool name outside <c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    /// <param name="param">Where the name is.</param>
    public static OpenAiError InvalidToolName(string param) => new(
        $"Invalid '{param}': a function name must be 1 to 64 letters, digits, underscores or dashes.",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.InvalidValue);

    /// <summary>Two tools with one name.</summary>
    /// <param name="param">Where the second one is.</param>
    /// <param name="name">The name.</param>
    public static OpenAiError DuplicateTool(string param, string name) => new(
        $"Invalid '{param}': the function name '{name}' is offered twice.",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.InvalidValue);

    /// <summary>A tool choice that names a tool the request does not offer, or requires a call without tools.</summary>
    /// <param name="message">What is wrong.</param>
    public static OpenAiError InvalidToolChoice(string message) => new(
        $"Invalid 'tool_choice': {message}", OpenAiErrorTypes.InvalidRequest, "tool_choice", ChatRequestErrorCodes.InvalidValue);

    /// <summary>Function call arguments that are not a JSON object.</summary>
    /// <param name="param">Where they are.</param>
    public static OpenAiError InvalidArguments(string param) => new(
        $"Invalid '{param}': the arguments must be the JSON text of an object, such as '{{\"city\":\"Paris\"}}'.",
        OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.InvalidValue);

    /// <summary><c>max_output_tokens</c> that is not a positive integer.</summary>
    public static OpenAiError InvalidMaxOutputTokens() => new(
        "Invalid 'max_output_tokens': expected a positive integer.", OpenAiErrorTypes.InvalidRequest, "max_output_tokens", ChatRequestErrorCodes.InvalidValue);

    /// <summary><c>metadata</c> that is not an object of at most 16 string values.</summary>
    public static OpenAiError InvalidMetadata() => new(
        "Invalid 'metadata': expected an object of at most 16 string values (keys up to 64 characters, values up to 512).",
        OpenAiErrorTypes.InvalidRequest, "metadata", ChatRequestErrorCodes.InvalidValue);

    /// <summary>A conversation without any text.</summary>
    /// <param name="hasMedia">Whether it has images or files.</param>
    public static OpenAiError EmptyPrompt(bool hasMedia) => new(
        hasMedia
            ? "The input has no text: images and files cannot be sent without a prompt. Add an input_text part."
            : "The input has no text: every message is empty or blank.",
        OpenAiErrorTypes.InvalidRequest, "input", ChatRequestErrorCodes.EmptyPrompt);

    /// <summary>The 400 OpenAI answers for a <c>previous_response_id</c> that is unknown, expired or deleted.</summary>
    /// <param name="id">The id as sent.</param>
    public static OpenAiError PreviousResponseNotFound(string id) => new(
        $"Previous response with id '{ChatRequestErrors.Echo(id)}' not found.",
        OpenAiErrorTypes.InvalidRequest, "previous_response_id", "previous_response_not_found");

    /// <summary>The 404 of a stored response that does not exist (never stored, expired or deleted).</summary>
    /// <param name="id">The id as sent.</param>
    public static OpenAiError ResponseNotFound(string id) => new(
        $"Response with id '{ChatRequestErrors.Echo(id)}' not found.",
        OpenAiErrorTypes.InvalidRequest, null, "not_found");

    /// <summary>A bad query parameter of the input-items listing.</summary>
    /// <param name="param">The parameter.</param>
    /// <param name="message">What is wrong.</param>
    public static OpenAiError InvalidQuery(string param, string message) => new(
        $"Invalid '{param}': {message}", OpenAiErrorTypes.InvalidRequest, param, ChatRequestErrorCodes.InvalidValue);
}
