using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.AdminApi.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grok2Api.AdminApi.Tasks;

/// <summary>
/// The batch task endpoints of the admin API (docs/adr/0010-admin-batch-tasks.md): create, list, read,
/// follow over server-sent events, and cancel.
/// </summary>
internal static class TasksApi
{
    /// <summary>The largest create request accepted, in bytes (room for <see cref="BatchTaskLimits.MaxIds"/> ids).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    private static readonly byte[] Ping = ": ping\n\n"u8.ToArray();
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

    public static void MapTasksApi(this RouteGroupBuilder group)
    {
        var tasks = group.MapGroup("/tasks").AddEndpointFilter<AdminAuthFilter>();
        tasks.MapPost("", CreateAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        tasks.MapGet("", ListAsync);
        tasks.MapGet("/{id}", GetAsync);
        tasks.MapGet("/{id}/events", EventsAsync);
        tasks.MapPost("/{id}/cancel", CancelAsync);
    }

    private static async Task<Results<Accepted<TaskCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JsonElement? rawBody, HttpContext context, [FromServices] BatchTaskRegistry registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!AdminJsonBody.TryRead(rawBody, out var body, out var problem))
        {
            errors["body"] = [problem!];
            return TypedResults.ValidationProblem(errors);
        }

        if (StringOf(body?["kind"]) is not { } kindName || !BatchTaskKinds.TryParse(kindName, out var kind))
        {
            errors["kind"] = [$"Required: one of {string.Join(", ", BatchTaskKinds.Names)}."];
            kind = default;
        }

        var ids = ReadIds(body?["ids"], errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (task, error) = await registry.CreateAsync(kind, ids, cancellationToken);
        if (error == BatchTaskRegistry.CreateError.TooManyRunning)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many tasks running",
                detail: $"{BatchTaskLimits.MaxRunning} batch tasks are already running. Wait for one to end or cancel one.");
        }

        return TypedResults.Accepted($"/v1/admin/tasks/{task!.Id}", new TaskCreatedResponse(task.Id, task.Items.Count));
    }

    /// <summary>Null (absent or null: every token), or the distinct ids; a problem names <c>ids</c> otherwise. Ids are never echoed (one may be a pasted token).</summary>
    private static List<string>? ReadIds(JsonNode? node, Dictionary<string, string[]> errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            errors["ids"] = ["Must be a list of token ids, or left out for every token."];
            return null;
        }

        if (array.Count == 0)
        {
            errors["ids"] = ["Must not be empty: leave it out to work on every token."];
            return null;
        }

        if (array.Count > BatchTaskLimits.MaxIds)
        {
            errors["ids"] = [$"At most {BatchTaskLimits.MaxIds} ids in one task."];
            return null;
        }

        var ids = new List<string>(array.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (StringOf(array[i]) is not { } id || !IsTokenId(id))
            {
                errors["ids"] = [$"ids[{i}] is not a token id: ids are the 16 hex digits shown as 'id' in the token list."];
                return null;
            }

            if (seen.Add(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The string a JSON node holds; null when it is not a string, or one that is not valid UTF-16 (a lone surrogate escape).</summary>
    private static string? StringOf(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsTokenId(string value) =>
        value.Length == 16 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    private static async Task<Ok<TaskListResponse>> ListAsync([FromServices] BatchTaskRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TaskListResponse(await registry.ListAsync(cancellationToken)));

    private static async Task<Results<Ok<Grok2Api.Storage.Tasks.BatchTaskRecord>, ProblemHttpResult>> GetAsync(
        string id, [FromServices] BatchTaskRegistry registry, CancellationToken cancellationToken) =>
        await registry.FindRecordAsync(id, cancellationToken) is { } task ? TypedResults.Ok(task) : NotFound();

    private static async Task<Results<Accepted<Grok2Api.Storage.Tasks.BatchTaskRecord>, ProblemHttpResult>> CancelAsync(
        string id, [FromServices] BatchTaskRegistry registry, CancellationToken cancellationToken) =>
        await registry.CancelAsync(id, cancellationToken) is { } task
            ? TypedResults.Accepted($"/v1/admin/tasks/{task.Id}", task)
            : NotFound();

    private static async Task<IResult> EventsAsync(
        string id, HttpContext context, [FromServices] BatchTaskRegistry registry, [FromServices] TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        if (await registry.FindAsync(id, cancellationToken) is not { } task)
        {
            // Another instance's task (shared store): followed through its stored record.
            return await registry.FindRecordAsync(id, cancellationToken) is { } record
                ? await FollowStoredAsync(context, record, registry, time)
                : NotFound();
        }

        var response = context.Response;
        StartEvents(context);
        var (snapshot, listener, final) = task.Subscribe();
        try
        {
            await WriteEventAsync(response, snapshot, cancellationToken);
            if (listener is not null)
            {
                final = await RelayAsync(response, listener, time, cancellationToken);
            }

            await WriteEventAsync(response, final!, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The admin closed the page; the task goes on.
        }
        finally
        {
            if (listener is not null)
            {
                task.Unsubscribe(listener);
            }
        }

        return TypedResults.Empty;
    }

    private static void StartEvents(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>
    /// The event stream of a task another instance runs: the stored record is read every
    /// <see cref="BatchTaskLimits.FollowInterval"/>; its changes become progress events (one per failed item or asset
    /// count that appeared, one for the other items), then exactly one final event; pings in between.
    /// </summary>
    private static async Task<IResult> FollowStoredAsync(HttpContext context, Grok2Api.Storage.Tasks.BatchTaskRecord record, BatchTaskRegistry registry, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        StartEvents(context);
        try
        {
            await WriteEventAsync(response, BatchTask.SnapshotEvent(record), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            var lastWrite = time.GetUtcNow();
            while (record.Status == BatchTaskStatus.Running)
            {
                await Task.Delay(BatchTaskLimits.FollowInterval, time, cancellationToken);
                var current = await registry.FindRecordAsync(record.Id, cancellationToken);
                if (current is null)
                {
                    // Deleted from the store while running (a store reset): the stream still ends with one final event.
                    record = record with { Status = BatchTaskStatus.Failed, Reason = "the task is no longer stored", EndedAt = time.GetUtcNow().ToUnixTimeMilliseconds() };
                    break;
                }

                var events = ProgressBetween(record, current);
                foreach (var payload in events)
                {
                    await WriteEventAsync(response, payload, cancellationToken);
                }

                if (events.Count > 0)
                {
                    lastWrite = time.GetUtcNow();
                    await response.Body.FlushAsync(cancellationToken);
                }
                else if (time.GetUtcNow() - lastWrite >= BatchTaskLimits.PingInterval)
                {
                    lastWrite = time.GetUtcNow();
                    await response.Body.WriteAsync(Ping, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }

                if (current.Processed >= record.Processed)
                {
                    record = current;
                }
                else if (current.Status != BatchTaskStatus.Running)
                {
                    record = current;
                }
            }

            await WriteEventAsync(response, BatchTask.FinalEventOf(record), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The admin closed the page; the task goes on.
        }

        return TypedResults.Empty;
    }

    /// <summary>The progress events from one stored state of a task to the next (none when the counters did not move).</summary>
    internal static List<byte[]> ProgressBetween(Grok2Api.Storage.Tasks.BatchTaskRecord before, Grok2Api.Storage.Tasks.BatchTaskRecord after)
    {
        List<byte[]> events = [];
        if (after.Processed <= before.Processed)
        {
            return events;
        }

        var (processed, ok, fail) = (before.Processed, before.Ok, before.Fail);
        foreach (var error in after.Errors.Skip(before.Errors.Count))
        {
            (processed, fail) = (Math.Min(processed + 1, after.Processed), Math.Min(fail + 1, after.Fail));
            events.Add(BatchTask.ProgressEvent(after.Id, after.Total, processed, ok, fail, new TaskItemResult(error.Id, error.TokenMasked, false, error.Reason, null)));
        }

        foreach (var asset in after.Assets.Skip(before.Assets.Count))
        {
            (processed, ok) = (Math.Min(processed + 1, after.Processed), Math.Min(ok + 1, after.Ok));
            events.Add(BatchTask.ProgressEvent(after.Id, after.Total, processed, ok, fail, new TaskItemResult(asset.Id, asset.TokenMasked, true, null, asset.Count)));
        }

        if (processed < after.Processed || ok != after.Ok || fail != after.Fail)
        {
            // Items that succeeded without a count: the store does not say which, the counters do.
            events.Add(BatchTask.ProgressEvent(after.Id, after.Total, after.Processed, after.Ok, after.Fail, new TaskItemResult("", "", true, null, null)));
        }

        return events;
    }

    /// <summary>Writes progress events as they come, a ping when none came for <see cref="BatchTaskLimits.PingInterval"/>; returns the final event.</summary>
    private static async Task<byte[]> RelayAsync(HttpResponse response, BatchTaskListener listener, TimeProvider time, CancellationToken cancellationToken)
    {
        await response.Body.FlushAsync(cancellationToken);
        var pending = listener.Events.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            bool more;
            try
            {
                more = await pending.WaitAsync(BatchTaskLimits.PingInterval, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                await response.Body.WriteAsync(Ping, cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }

            if (!more)
            {
                return listener.Final!;
            }

            while (listener.Events.TryRead(out var payload))
            {
                await WriteEventAsync(response, payload, cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
            pending = listener.Events.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, byte[] payload, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(DataPrefix, cancellationToken);
        await response.Body.WriteAsync(payload, cancellationToken);
        await response.Body.WriteAsync(EventEnd, cancellationToken);
    }

    // The id is not echoed: an operator may paste anything there.
    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Task not found",
        detail: "No task has this id; ended tasks are kept for an hour.");
}
