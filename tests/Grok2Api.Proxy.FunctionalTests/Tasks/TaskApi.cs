using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>The batch task routes as the admin app calls them: create, read, wait for the end, follow the event stream.</summary>
public sealed class TaskApi(AdminClient admin, HttpClient http, string appKey = AdminClient.DefaultAppKey)
{
    public AdminClient Admin => admin;

    /// <summary>POST /v1/admin/tasks, expecting 202; returns the task id and checks the answer's total.</summary>
    public async Task<string> StartAsync(string kind, IEnumerable<string>? ids, int expectedTotal, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["kind"] = kind };
        if (ids is not null)
        {
            body["ids"] = new JsonArray([.. ids.Select(id => (JsonNode?)JsonValue.Create(id))]);
        }

        var created = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/tasks", body, cancellationToken, HttpStatusCode.Accepted);
        Assert.Equal(expectedTotal, created.GetProperty("total").GetInt32());
        return created.GetProperty("id").GetString()!;
    }

    public Task<JsonElement> GetAsync(string id, CancellationToken cancellationToken) =>
        admin.JsonAsync(HttpMethod.Get, "/v1/admin/tasks/" + id, null, cancellationToken);

    /// <summary>Polls until the task is no longer running (at most 60 s); returns its view.</summary>
    public async Task<JsonElement> WaitEndedAsync(string id, CancellationToken cancellationToken)
    {
        var view = await Eventually.PollAsync(
            () => GetAsync(id, cancellationToken),
            v => v.GetProperty("status").GetString() != "running",
            TimeSpan.FromSeconds(60),
            cancellationToken);
        Assert.NotEqual("running", view.GetProperty("status").GetString());
        return view;
    }

    /// <summary>Opens the event stream (headers read), for the caller to read with <see cref="ReadEventsAsync"/>.</summary>
    public async Task<HttpResponseMessage> OpenEventsAsync(string id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/admin/tasks/{id}/events", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", appKey);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    /// <summary>
    /// Reads events until the stream ends (at most 60 s): the data events as JSON, and the comment lines
    /// (pings). Fails if the stream does not end.
    /// </summary>
    public static async Task<(List<JsonElement> Events, List<string> Comments)> ReadEventsAsync(
        HttpResponseMessage response, CancellationToken cancellationToken, Func<JsonElement, Task>? onEvent = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        List<JsonElement> events = [];
        List<string> comments = [];
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["data: ".Length..]);
                var element = document.RootElement.Clone();
                events.Add(element);
                if (onEvent is not null)
                {
                    await onEvent(element);
                }
            }
            else if (line.StartsWith(':'))
            {
                comments.Add(line);
            }
            else
            {
                Assert.Equal("", line);
            }
        }

        return (events, comments);
    }

    /// <summary>Reads a whole event stream of a task.</summary>
    public async Task<List<JsonElement>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await OpenEventsAsync(id, cancellationToken);
        return (await ReadEventsAsync(response, cancellationToken)).Events;
    }

    /// <summary>The events of one stream follow the contract: one snapshot first, progress events, exactly one final event last.</summary>
    public static JsonElement AssertWellFormed(List<JsonElement> events, string taskId)
    {
        Assert.True(events.Count >= 2, $"a stream has a snapshot and a final event: {events.Count} events");
        Assert.Equal("snapshot", events[0].GetProperty("type").GetString());
        Assert.Equal(taskId, events[0].GetProperty("task_id").GetString());
        var final = events[^1];
        Assert.Contains(final.GetProperty("type").GetString(), (string[])["done", "failed", "cancelled"]);
        Assert.Equal(taskId, final.GetProperty("task_id").GetString());
        foreach (var middle in events.Skip(1).SkipLast(1))
        {
            Assert.Equal("progress", middle.GetProperty("type").GetString());
        }

        return final;
    }
}
