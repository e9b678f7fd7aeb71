namespace Grok2Api.Transforms.OpenAi;

/// <summary>The <c>type</c> values of OpenAI errors used by the gateway.</summary>
public static class OpenAiErrorTypes
{
    /// <summary>400 and 404: the request is wrong.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>401: missing or wrong API key.</summary>
    public const string Authentication = "authentication_error";

    /// <summary>403.</summary>
    public const string Permission = "permission_error";

    /// <summary>404 of a resource.</summary>
    public const string NotFound = "not_found_error";

    /// <summary>429: no token available or a limit was hit.</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>5xx.</summary>
    public const string Server = "server_error";
}
