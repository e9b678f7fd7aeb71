using System.Text.Json.Nodes;

namespace Grok2Api.Simulator.Hosting;

/// <summary>
/// Bodies of the simulated error answers. The real 401/403/429 bodies are
/// unknown (docs/grok-protocol.md §17); these follow the gRPC-gateway error shape seen in-stream (§6.3, code 7 = anti-bot).
/// </summary>
internal static class ErrorBodies
{
    public const string UsageLimitMessage = "You've reached your usage limit. Please try again later.";

    public const string AntiBotMessage = "Request rejected by anti-bot rules.";

    public static JsonObject Grpc(int code, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = new JsonArray() },
    };

    public static JsonObject RateLimited() => Grpc(8, "Too many requests");

    public static JsonObject Unauthenticated() => Grpc(16, "Unauthenticated");

    public static JsonObject InvalidArgument(string message) => Grpc(3, message);

    public static JsonObject NotFound() => Grpc(5, "Not Found");

    public static JsonObject AntiBot() => Grpc(7, AntiBotMessage);

    /// <summary><c>{"result":{"response":{"error":{"message":"You've reached your usage limit..."}}}}</c> (responseId added when known).</summary>
    public static JsonObject UsageLimit(string? responseId)
    {
        var response = new JsonObject { ["error"] = new JsonObject { ["message"] = UsageLimitMessage } };
        if (responseId is not null)
        {
            response["responseId"] = responseId;
        }

        return new JsonObject { ["result"] = new JsonObject { ["response"] = response } };
    }

    public static (string ContentType, string Body) ServerError(int statusCode) => statusCode switch
    {
        502 => ("text/html; charset=UTF-8", CloudflareErrorPage(502, "Bad gateway")),
        504 => ("text/html; charset=UTF-8", CloudflareErrorPage(504, "Gateway time-out")),
        503 => ("application/json", SimJson.Serialize(Grpc(14, "The service is currently unavailable."))),
        _ => ("application/json", SimJson.Serialize(Grpc(13, "Internal error"))),
    };

    /// <summary>A Cloudflare managed-challenge page (the text matters, not the script).</summary>
    public const string CloudflareChallengePage = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
        </head><body><div class="main-wrapper" role="main"><div class="main-content">
        <h1 class="zone-name-title h1">grok.com</h1>
        <h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>
        <noscript><div class="h2">Enable JavaScript and cookies to continue</div></noscript>
        <div id="challenge-body-text" class="core-msg spacer">grok.com needs to review the security of your connection before proceeding.</div>
        </div></div><script>window._cf_chl_opt={cvId:'3',cType:'managed',cRay:'8f00000000000000'};</script>
        <script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8f00000000000000"></script></body></html>
        """;

    private static string CloudflareErrorPage(int status, string title) =>
        $"<!DOCTYPE html><html><head><title>grok.com | {status}: {title}</title></head>"
        + $"<body><h1>Error {status}</h1><p>{title}</p><p>Cloudflare Ray ID: 8f00000000000000</p></body></html>";
}
