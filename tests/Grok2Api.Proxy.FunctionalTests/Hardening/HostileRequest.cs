using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Hardening;

/// <summary>One generated request: method, path, headers and body, aimed at a public or an admin endpoint.</summary>
internal sealed record HostileRequest(string Method, string Path, string? ContentType, string? Authorization, string? Host, byte[] Body)
{
    private static readonly string[] KnownPaths =
    [
        "/health", "/metrics", "/v1/models", "/v1/models/grok-4", "/v1/models/%00", "/v1/chat/completions",
        "/v1/images/edits",
        "/v1/files/image/users-u-generated-a-image.jpg", "/v1/files/video/x.mp4", "/v1/files/image/..%2f..%2fconfig.toml",
        "/v1/files/video/users-u-generated-v-generated_video.mp4", "/v1/files/image/users-u-f-content", "/v1/files/image/users/u/generated/a/image.jpg",
        "/v1/files/image/%252e%252e%252fconfig.toml", "/v1/files/image/.dl-x.tmp", "/v1/files/audio/x.mp3",
        "/v1/admin/login", "/v1/admin/logout", "/v1/admin/tokens", "/v1/admin/tokens/0123456789abcdef",
        "/v1/admin/tokens/delete", "/v1/admin/tokens/export", "/v1/admin/config", "/", "/admin",
        "/v1/admin/cache", "/v1/admin/cache/files", "/v1/admin/cache/files/image/x.png", "/v1/admin/cache/clear",
        "/v1/admin/stats", "/v1/admin/session",
        "/v1/admin/tasks", "/v1/admin/tasks/0123456789abcdef", "/v1/admin/tasks/0123456789abcdef/events", "/v1/admin/tasks/0123456789abcdef/cancel",
        "/v1/videos", "/v1/videos?limit=0&order=sideways&after=%00", "/v1/videos/video_0123", "/v1/videos/video_0123/content",
        "/v1/videos/video_0123/content?variant=%ff",
        "/v1/images/generations", "/v1/responses", "/v1/responses/resp_0123456789abcdef0123456789abcdef",
        "/v1/responses/resp_0123456789abcdef0123456789abcdef/input_items", "/v1/messages", "/v1/messages/count_tokens",
    ];

    private static readonly string[] Segments =
    [
        "..", "%2e%2e", "%2F", "%00", "%ff", "%c0%af", "~", "a b", "😀", "%u002e", "....//", "con", "\\", ";", "?x=1",
        "#f", "//", "v1", "admin", "tokens", "chat", "completions", "files", "image", new string('a', 2000),
    ];

    private static readonly string?[] ContentTypes =
    [
        null, "application/json", "application/json; charset=utf-8", "application/vnd.api+json", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json; charset=latin1",
        "application/octet-stream", "*/*", "application/json;;", "text/html",
    ];

    private static readonly string?[] Authorizations =
    [
        null, "Bearer grok2api", "Bearer wrong-key", "Bearer ", "Basic Z3JvazJhcGk6", "bearer grok2api", "Bearer " + new string('k', 5000),
        "Bearer grok2api\u00e9",
    ];

    private static readonly string?[] Hosts = [null, null, null, "localhost", "evil.example", "127.0.0.1:1", "[::1]", "a..b"];

    private static readonly string[] AdminPaths =
    [
        "/v1/admin/login", "/v1/admin/logout", "/v1/admin/tokens", "/v1/admin/tokens/0123456789abcdef",
        "/v1/admin/tokens/delete", "/v1/admin/tokens/export", "/v1/admin/tokens?pool=ssoBasic&page=0&page_size=-1",
        "/v1/admin/tokens?status=%00&q=" + new string('q', 500),
        "/v1/admin/cache", "/v1/admin/cache/files", "/v1/admin/cache/files?type=x&page=0&page_size=-1",
        "/v1/admin/cache/files/image/..%2F..%2Fconfig.toml", "/v1/admin/cache/files/image/unknown.png", "/v1/admin/cache/clear",
        "/v1/admin/stats", "/v1/admin/stats?window=%00&model=" + new string('m', 500), "/v1/admin/session",
        "/v1/admin/tasks", "/v1/admin/tasks?kind=%00", "/v1/admin/tasks/0123456789abcdef", "/v1/admin/tasks/" + new string('f', 300),
        "/v1/admin/tasks/0123456789abcdef/events", "/v1/admin/tasks/0123456789abcdef/cancel", "/v1/admin/tasks/%00/events",
    ];

    /// <summary>
    /// Admin requests with the right key (so the throttle of failed authentication never engages) and
    /// hostile bodies, query strings and content types: they reach the admin handlers themselves.
    /// </summary>
    public static Gen<HostileRequest> AuthenticatedAdmin { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.OneOf("GET", "POST", "POST", "PATCH", "DELETE", "PUT"),
            CsCheck.Gen.OneOf(AdminPaths),
            CsCheck.Gen.OneOf(ContentTypes),
            HostileInput.Body,
            (method, path, contentType, body) => new HostileRequest(method, path, contentType, "Bearer grok2api", null, body));

    /// <summary>
    /// Batch task creation (issue 10) with the authenticated key: <c>{"kind","ids"}</c> where either may be any JSON value
    /// (or absent), a known kind now and then, so some requests start real tasks against the simulator.
    /// </summary>
    public static Gen<HostileRequest> Tasks { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.Frequency(
                (2, CsCheck.Gen.OneOf("\"refresh\"", "\"nsfw\"", "\"assets_load\"", "\"assets_clear\"")),
                (3, HostileInput.JsonValue(2))),
            CsCheck.Gen.Frequency(
                (1, CsCheck.Gen.Const((string?)null)),
                (1, CsCheck.Gen.OneOf<string?>("[\"0123456789abcdef\"]", "[\"0123456789abcdef\",\"0123456789abcdef\"]", "[]", "null")),
                (3, HostileInput.JsonValue(2).Select(v => (string?)v))),
            CsCheck.Gen.Frequency((8, CsCheck.Gen.Const<string?>("application/json")), (1, CsCheck.Gen.OneOf(ContentTypes))),
            (kind, ids, contentType) => new HostileRequest(
                "POST", "/v1/admin/tasks", contentType, "Bearer grok2api", null,
                Encoding.UTF8.GetBytes(ids is null ? $"{{\"kind\":{kind}}}" : $"{{\"kind\":{kind},\"ids\":{ids}}}")));

    /// <summary>The generator: mostly well-aimed requests with hostile bodies, some with hostile paths and headers.</summary>
    public static Gen<HostileRequest> Gen { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.OneOf("GET", "POST", "POST", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"),
            CsCheck.Gen.Frequency(
                (6, CsCheck.Gen.OneOf(KnownPaths)),
                (2, CsCheck.Gen.Select(CsCheck.Gen.OneOf(KnownPaths), CsCheck.Gen.OneOf(Segments), (path, segment) => path + "/" + segment)),
                (1, CsCheck.Gen.OneOf(Segments).Array[1, 6].Select(parts => "/" + string.Join('/', parts)))),
            CsCheck.Gen.OneOf(ContentTypes),
            CsCheck.Gen.OneOf(Authorizations),
            CsCheck.Gen.OneOf(Hosts),
            HostileInput.Body,
            (method, path, contentType, authorization, host, body) => new HostileRequest(method, path, contentType, authorization, host, body));

    /// <summary>
    /// Image generation (issue 9): a valid <c>/v1/images/generations</c> body or a <c>grok-imagine-1.0</c>
    /// chat body with one field replaced by any JSON value, and the generic hostile bodies, with hostile
    /// content types now and then. Valid ones run a real generation against the simulator.
    /// </summary>
    public static Gen<HostileRequest> Images { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.Frequency(
                (5, CsCheck.Gen.Select(CsCheck.Gen.OneOf("model", "prompt", "n", "size", "response_format", "stream", "quality", "style"), HostileInput.JsonValue(2))
                    .Select((field, value) => ("/v1/images/generations", Encoding.UTF8.GetBytes(MutatedImageBody(field, value))))),
                (3, CsCheck.Gen.Select(CsCheck.Gen.OneOf("n", "size", "response_format", "image_config", "messages", "stream"), HostileInput.JsonValue(2))
                    .Select((field, value) => ("/v1/chat/completions", Encoding.UTF8.GetBytes(MutatedImageChatBody(field, value))))),
                (2, HostileInput.Body.Select(body => ("/v1/images/generations", body)))),
            CsCheck.Gen.Frequency((8, CsCheck.Gen.Const<string?>("application/json")), (1, CsCheck.Gen.OneOf(ContentTypes))),
            (target, contentType) => new HostileRequest("POST", target.Item1, contentType, null, null, target.Item2));

    private static readonly string[] PublicPaths =
    [
        "/v1/public/verify", "/v1/public/imagine/config", "/v1/public/login", "/v1/public/logout", "/v1/public/imagine/start",
        "/v1/public/imagine/stop", "/v1/public/imagine/sse", "/v1/public/imagine/sse?task_id=%00", "/v1/public/imagine/sse?prompt=&aspect_ratio=%ff",
        "/v1/public/imagine/ws", "/v1/public/imagine/ws?task_id=x", "/v1/public/video/start", "/v1/public/video/stop",
        "/v1/public/video/sse", "/v1/public/video/sse?task_id=" + new string('t', 300), "/v1/public/voice/token?voice=%00",
        "/v1/public/voice/token?speed=NaN", "/v1/public/voice/token?speed=1e999&personality=doc", "/v1/public/unknown",
    ];

    /// <summary>
    /// The public playground API (open, no key): start, stop and login bodies with one field replaced by any
    /// JSON value, the generic hostile bodies, and every route with odd queries. Valid starts create
    /// sessions (the guard then answers 429); no request opens an endless stream.
    /// </summary>
    public static Gen<HostileRequest> Public { get; } =
        CsCheck.Gen.Select(
            CsCheck.Gen.Frequency(
                (4, CsCheck.Gen.Select(CsCheck.Gen.OneOf("prompt", "aspect_ratio", "nsfw"), HostileInput.JsonValue(2))
                    .Select((field, value) => ("POST", "/v1/public/imagine/start", Encoding.UTF8.GetBytes(Mutated(field, value, "{\"prompt\":\"a fox\",\"aspect_ratio\":\"1:1\"}"))))),
                (4, CsCheck.Gen.Select(CsCheck.Gen.OneOf("prompt", "aspect_ratio", "video_length", "resolution_name", "preset", "image_url", "reasoning_effort"), HostileInput.JsonValue(2))
                    .Select((field, value) => ("POST", "/v1/public/video/start", Encoding.UTF8.GetBytes(Mutated(field, value, "{\"prompt\":\"rain\"}"))))),
                (2, CsCheck.Gen.Select(CsCheck.Gen.OneOf("/v1/public/imagine/stop", "/v1/public/video/stop", "/v1/public/login"), HostileInput.JsonValue(2))
                    .Select((path, value) => ("POST", path, Encoding.UTF8.GetBytes("{\"task_ids\":" + value + ",\"key\":" + value + "}")))),
                (3, CsCheck.Gen.Select(CsCheck.Gen.OneOf("GET", "POST", "PUT", "DELETE"), CsCheck.Gen.OneOf(PublicPaths), HostileInput.Body, (method, path, body) => (method, path, body)))),
            CsCheck.Gen.Frequency((8, CsCheck.Gen.Const<string?>("application/json")), (1, CsCheck.Gen.OneOf(ContentTypes))),
            (target, contentType) => new HostileRequest(target.Item1, target.Item2, contentType, null, null, target.Item3));

    private static string Mutated(string field, string value, string baseJson) =>
        baseJson.Contains("\"" + field + "\"", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(baseJson, "\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + value.Replace("$", "$$", StringComparison.Ordinal))
            : baseJson[..^1] + ",\"" + field + "\":" + value + "}";

    private static string MutatedImageBody(string field, string value)
    {
        var fields = new Dictionary<string, string>
        {
            ["model"] = "\"grok-imagine-1.0\"",
            ["prompt"] = "\"a cat\"",
            ["n"] = "1",
            ["response_format"] = "\"b64_json\"",
        };
        fields[field] = value;
        return "{" + string.Join(",", fields.Select(f => "\"" + f.Key + "\":" + f.Value)) + "}";
    }

    private static string MutatedImageChatBody(string field, string value) => field switch
    {
        "image_config" => "{\"model\":\"grok-imagine-1.0\",\"messages\":[{\"role\":\"user\",\"content\":\"a cat\"}],\"image_config\":" + value + "}",
        "messages" => "{\"model\":\"grok-imagine-1.0\",\"messages\":" + value + "}",
        "stream" => "{\"model\":\"grok-imagine-1.0\",\"messages\":[{\"role\":\"user\",\"content\":\"a cat\"}],\"stream\":" + value + "}",
        _ => "{\"model\":\"grok-imagine-1.0\",\"messages\":[{\"role\":\"user\",\"content\":\"a cat\"}],\"image_config\":{\"" + field + "\":" + value + "}}",
    };

    public HttpRequestMessage ToMessage(Uri baseAddress)
    {
        // The path goes after the authority as it is (a path starting with // must not become a host).
        var authority = baseAddress.GetLeftPart(UriPartial.Authority);
        var uri = Uri.TryCreate(authority + Path, UriKind.Absolute, out var raw) && raw.Authority == baseAddress.Authority
            ? raw
            : new Uri(authority + "/" + Uri.EscapeDataString(Path));
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        if (Method is not ("GET" or "HEAD" or "OPTIONS") || Body.Length > 0)
        {
            var content = new ByteArrayContent(Body);
            content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
        }

        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        if (Host is not null)
        {
            message.Headers.TryAddWithoutValidation("Host", Host);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return message;
    }

    public override string ToString() =>
        new StringBuilder().Append(Method).Append(' ').Append(Path.Length > 120 ? Path[..120] + "…" : Path)
            .Append(" | Content-Type: ").Append(ContentType ?? "(none)")
            .Append(" | Authorization: ").Append(Authorization is null ? "(none)" : Authorization.Length > 30 ? Authorization[..30] + "…" : Authorization)
            .Append(" | Host: ").Append(Host ?? "(default)")
            .Append(" | body ").Append(HostileInput.Describe(Body))
            .ToString();
}
