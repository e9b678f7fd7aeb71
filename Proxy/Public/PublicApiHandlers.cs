using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Grok2Api.Proxy.Public.Imagine;
using Grok2Api.Proxy.Public.Video;
using Grok2Api.Proxy.Public.Voice;

namespace Grok2Api.Proxy.Public;

/// <summary>
/// The HTTP routes of <c>/v1/public</c> (the gate in front of them is <see cref="PublicGateMiddleware"/>):
/// login and logout, verify, the Imagine config, start and stop of Imagine and video sessions under
/// the <c>[public]</c> guard, their streams, and the voice token. Thread-safe; one instance.
/// </summary>
internal sealed class PublicApiHandlers(
    PublicAccess access,
    PublicTasks tasks,
    PublicImagineLoop imagine,
    PublicVideoRunner video,
    UpstreamPipeline pipeline,
    IGrokRestClient rest,
    OpenAiRequestGate gate,
    IOptionsMonitor<ImageSection> imageSettings,
    IOptionsMonitor<VoiceSection> voiceSettings,
    IOptionsMonitor<UpstreamSection> upstreamSettings,
    TimeProvider time)
{
    /// <summary><c>POST /v1/public/login</c> <c>{"key"}</c>: 204 with the session cookie (none when the playground is open).</summary>
    public async Task LoginAsync(HttpContext context)
    {
        if (access.Open)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var blocked = access.Check(context);
        if (blocked.IsLimited)
        {
            await PublicAccess.TooManyFailuresAsync(context, blocked);
            return;
        }

        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        using var document = Parse(body.Memory);
        var key = document?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("key", out var value)
            ? PublicJson.StringOf(value)
            : null;
        if (!SecretKeys.Matches(key, access.Key))
        {
            await access.RejectAsync(context);
            return;
        }

        context.Response.Cookies.Append(PublicCookie.Name, PublicCookie.Issue(access.Key, time.GetUtcNow()), CookieOptions(context, PublicCookie.Lifetime));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary><c>POST /v1/public/logout</c>: 204, the cookie cleared.</summary>
    public static void Logout(HttpContext context)
    {
        context.Response.Cookies.Delete(PublicCookie.Name, CookieOptions(context, null));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary><c>GET /v1/public/verify</c>.</summary>
    public static Task VerifyAsync(HttpContext context) => WriteJsonAsync(context, w => w.WriteString("status", "success"));

    /// <summary><c>GET /v1/public/imagine/config</c>: the stage thresholds and the NSFW default.</summary>
    public Task ImagineConfigAsync(HttpContext context)
    {
        var image = imageSettings.CurrentValue;
        return WriteJsonAsync(context, w =>
        {
            w.WriteNumber("final_min_bytes", image.FinalMinBytes);
            w.WriteNumber("medium_min_bytes", image.MediumMinBytes);
            w.WriteBoolean("nsfw", image.Nsfw);
        });
    }

    /// <summary><c>POST /v1/public/imagine/start</c> <c>{"prompt","aspect_ratio","nsfw"}</c>.</summary>
    public async Task ImagineStartAsync(HttpContext context)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        using var document = Parse(body.Memory);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            await PublicErrors.BadRequestAsync(context, "The body must be a JSON object.", null, "invalid_json");
            return;
        }

        if (!TryReadImagine(root, out var spec, out var error))
        {
            await PublicErrors.BadRequestAsync(context, error.Message, error.Param, error.Code);
            return;
        }

        if (!tasks.TryStart(PublicTaskKind.Imagine, Client(context), spec, out var task, out var retryAfter))
        {
            await TooManySessionsAsync(context, retryAfter);
            return;
        }

        await WriteJsonAsync(context, w =>
        {
            w.WriteString("task_id", task.Id);
            w.WriteString("aspect_ratio", spec.AspectRatio);
        });
    }

    /// <summary><c>POST /v1/public/imagine/stop</c> and <c>/video/stop</c> <c>{"task_ids":[...]}</c>: stops and removes them.</summary>
    public async Task StopAsync(HttpContext context, PublicTaskKind kind)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        using var document = Parse(body.Memory);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("task_ids", out var ids) || ids.ValueKind != JsonValueKind.Array
            || ids.EnumerateArray().Any(static id => PublicJson.StringOf(id) is null))
        {
            await PublicErrors.BadRequestAsync(context, "'task_ids' must be an array of task id strings.", "task_ids");
            return;
        }

        var removed = tasks.Remove([.. ids.EnumerateArray().Select(static id => PublicJson.StringOf(id)!)], kind);
        await WriteJsonAsync(context, w =>
        {
            w.WriteString("status", "success");
            w.WriteNumber("removed", removed);
        });
    }

    /// <summary>
    /// <c>GET /v1/public/imagine/sse</c>: the loop of the live session <c>task_id</c>, or of a session
    /// started here from <c>prompt</c> (<c>aspect_ratio</c>, <c>nsfw</c>) by an authenticated client.
    /// </summary>
    public async Task ImagineSseAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var taskId = query["task_id"].ToString();
        var task = tasks.Find(taskId, PublicTaskKind.Imagine);
        var owned = false;
        if (task is null)
        {
            if (!PublicGateMiddleware.IsAuthenticated(context))
            {
                await access.RejectAsync(context);
                return;
            }

            if (taskId.Length > 0)
            {
                await PublicErrors.NotFoundAsync(context, "No live Imagine task has this id (it was stopped or expired).", "task_not_found");
                return;
            }

            bool? nsfw = query["nsfw"].ToString() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => null,
            };
            if (!PublicImagineSpec.TryCreate(query["prompt"].ToString(), query["aspect_ratio"].ToString(), nsfw, out var spec, out var error))
            {
                await PublicErrors.BadRequestAsync(context, error.Message, error.Param, error.Code);
                return;
            }

            if (!tasks.TryStart(PublicTaskKind.Imagine, Client(context), spec, out task, out var retryAfter))
            {
                await TooManySessionsAsync(context, retryAfter);
                return;
            }

            owned = true;
        }

        if (!task.TryAttach())
        {
            await TaskBusyAsync(context);
            return;
        }

        try
        {
            await imagine.RunAsync((PublicImagineSpec)task.Spec, new SseEventSink(context.Response, context.RequestAborted), task.Expires, task.Stopped, context.RequestAborted);
        }
        finally
        {
            task.Detach();
            if (owned)
            {
                tasks.Remove(task);
            }
        }
    }

    /// <summary><c>POST /v1/public/video/start</c>: validated as the video model's chat request.</summary>
    public async Task VideoStartAsync(HttpContext context)
    {
        using var body = await gate.ReadJsonAsync(context);
        if (body is null)
        {
            return;
        }

        if (!PublicVideoSpec.TryRead(body.Memory, out var spec, out var error))
        {
            await OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest, new OpenAiErrorResponse(error));
            return;
        }

        if (!tasks.TryStart(PublicTaskKind.Video, Client(context), spec, out var task, out var retryAfter))
        {
            await TooManySessionsAsync(context, retryAfter);
            return;
        }

        await WriteJsonAsync(context, w =>
        {
            w.WriteString("task_id", task.Id);
            w.WriteString("aspect_ratio", spec.Settings.AspectRatio);
        });
    }

    /// <summary><c>GET /v1/public/video/sse?task_id=</c>.</summary>
    public async Task VideoSseAsync(HttpContext context)
    {
        var taskId = context.Request.Query["task_id"].ToString();
        var task = tasks.Find(taskId, PublicTaskKind.Video);
        if (task is null)
        {
            if (!PublicGateMiddleware.IsAuthenticated(context))
            {
                await access.RejectAsync(context);
                return;
            }

            await PublicErrors.NotFoundAsync(context, "No live video task has this id (it was stopped, expired or already streamed).", "task_not_found");
            return;
        }

        if (!task.TryAttach())
        {
            await TaskBusyAsync(context);
            return;
        }

        await video.RunAsync(context, task);
    }

    /// <summary>The 409 of a second stream of a session that one stream already runs.</summary>
    public static Task TaskBusyAsync(HttpContext context) =>
        OpenAiErrorWriter.WriteAsync(context, StatusCodes.Status409Conflict, OpenAiErrors.Create(
            "Another stream already runs this task; one task has one stream.", OpenAiErrorTypes.InvalidRequest, "task_id", "task_busy"));

    /// <summary><c>GET /v1/public/voice/token?voice=&amp;personality=&amp;speed=</c>: a LiveKit token from any account.</summary>
    public async Task VoiceTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!PublicVoiceRequest.TryCreate(query["voice"].ToString(), query["personality"].ToString(), query["speed"].ToString(), out var request, out var error))
        {
            await PublicErrors.BadRequestAsync(context, error.Message, error.Param);
            return;
        }

        var livekit = upstreamSettings.CurrentValue.LivekitUrl;
        var timeout = TimeSpan.FromSeconds(voiceSettings.CurrentValue.Timeout);
        var plan = new UpstreamPlan(
            "voice",
            new TokenRequest(PoolTier.Basic, cost: 1),
            new VoiceTokenExchange(rest, request.UpstreamBody(livekit), timeout),
            new VoiceTokenSurface(livekit),
            new AttemptTimeouts(timeout, timeout));
        await pipeline.RunAsync(context, plan);
    }

    /// <summary>Reads the Imagine fields of a start body or a WebSocket start message.</summary>
    public static bool TryReadImagine(JsonElement root, [NotNullWhen(true)] out PublicImagineSpec? spec, out (string Param, string Message, string Code) error)
    {
        spec = null;
        string? prompt = null;
        if (root.TryGetProperty("prompt", out var promptValue))
        {
            prompt = PublicJson.StringOf(promptValue);
        }

        string? ratio = null;
        if (root.TryGetProperty("aspect_ratio", out var ratioValue) && ratioValue.ValueKind != JsonValueKind.Null)
        {
            ratio = PublicJson.StringOf(ratioValue);
            if (ratio is null)
            {
                error = ("aspect_ratio", $"'aspect_ratio' must be one of {string.Join(", ", PublicImagineSpec.AspectRatios)}.", "invalid_value");
                return false;
            }
        }

        bool? nsfw = null;
        if (root.TryGetProperty("nsfw", out var nsfwValue) && nsfwValue.ValueKind != JsonValueKind.Null)
        {
            if (nsfwValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = ("nsfw", "'nsfw' must be true or false.", "invalid_value");
                return false;
            }

            nsfw = nsfwValue.GetBoolean();
        }

        return PublicImagineSpec.TryCreate(prompt, ratio, nsfw, out spec, out error);
    }

    /// <summary>The address the per-client session limit counts by.</summary>
    public static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The 429 of a start over the <c>[public]</c> limits.</summary>
    public static Task TooManySessionsAsync(HttpContext context, string retryAfter) =>
        PublicErrors.TooManyAsync(context, retryAfter,
            $"Too many playground sessions are running (public.max_sessions or public.max_sessions_per_client); stop one or retry in {retryAfter} s.",
            "too_many_sessions");

    private static JsonDocument? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CookieOptions CookieOptions(HttpContext context, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = lifetime,
    };

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
