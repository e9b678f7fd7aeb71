using System.Net;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>Auth, bad bodies and unknown tasks on the task routes: clear 4xx problems, never a 5xx, never an echoed id.</summary>
public sealed class TasksValidationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/v1/admin/tasks" },
        { "GET", "/v1/admin/tasks" },
        { "GET", "/v1/admin/tasks/0123456789abcdef" },
        { "GET", "/v1/admin/tasks/0123456789abcdef/events" },
        { "POST", "/v1/admin/tasks/0123456789abcdef/cancel" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithoutAuth_Is401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = method == "POST" ? new StringContent("""{"kind":"refresh"}""", System.Text.Encoding.UTF8, "application/json") : null,
        };
        using var response = await client.SendAsync(request, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Create_BadBodies_Are400ProblemsNamingTheField_WithoutEchoingIds()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = new AdminClient(fixture.Gateway.Client);
        var pasted = TestTokens.New("pasted");
        (string Body, string Field)[] cases =
        [
            ("{}", "kind"),
            ("""{"kind":"delete_everything"}""", "kind"),
            ("""{"kind":"Refresh"}""", "kind"),
            ("""{"kind":7}""", "kind"),
            ("""{"kind":null}""", "kind"),
            ("""{"kind":"refresh","ids":"0123456789abcdef"}""", "ids"),
            ("""{"kind":"refresh","ids":{}}""", "ids"),
            ("""{"kind":"refresh","ids":[]}""", "ids"),
            ("""{"kind":"refresh","ids":[12]}""", "ids"),
            ("""{"kind":"refresh","ids":[null]}""", "ids"),
            ("""{"kind":"refresh","ids":[["0123456789abcdef"]]}""", "ids"),
            ("""{"kind":"refresh","ids":["0123456789ABCDEF"]}""", "ids"),
            ("""{"kind":"\udc00refresh"}""", "kind"),
            ("""{"kind":"refresh","ids":["\ud800"]}""", "ids"),
            ($$"""{"kind":"refresh","ids":["{{pasted}}"]}""", "ids"),
            ($$"""{"kind":"nsfw","ids":[{{string.Join(",", Enumerable.Range(0, 10_001).Select(i => $"\"{i:x16}\""))}}]}""", "ids"),
        ];
        foreach (var (body, field) in cases)
        {
            using var response = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/tasks", body, ct);
            await ProblemAssert.ValidationAsync(response, field, ct);
        }

        Assert.DoesNotContain(admin.Bodies, b => b.Contains(pasted, StringComparison.Ordinal));
        var list = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/tasks", null, ct);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Create_NotJsonOrMalformed_Is4xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = new AdminClient(fixture.Gateway.Client);
        using var malformed = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/tasks", """{"kind":""", ct);
        await ProblemAssert.ProblemBodyAsync(malformed, HttpStatusCode.BadRequest, ct);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/admin/tasks", UriKind.Relative))
        {
            Content = new StringContent("kind=refresh", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminClient.DefaultAppKey);
        using var form = await fixture.Gateway.Client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v1/admin/tasks/0123456789abcdef")]
    [InlineData("GET", "/v1/admin/tasks/0123456789abcdef/events")]
    [InlineData("POST", "/v1/admin/tasks/0123456789abcdef/cancel")]
    [InlineData("GET", "/v1/admin/tasks/eyJhbGciOiJIUzI1NiJ9.secret-token.value")]
    public async Task UnknownTask_Is404_WithoutEchoingTheId(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = new AdminClient(fixture.Gateway.Client);
        using var response = await admin.SendAsync(new HttpMethod(method), path, null, ct);
        var problem = await ProblemAssert.ProblemAsync(response, HttpStatusCode.NotFound, ct);
        var id = path.Split('/')[4];
        Assert.DoesNotContain(id, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryToken_WithAnEmptyPool_IsADoneTaskOfNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var tasks = new TaskApi(new AdminClient(gateway.Client), gateway.Client);
        var id = await tasks.StartAsync("assets_clear", null, 0, ct);
        var view = await tasks.WaitEndedAsync(id, ct);
        Assert.Equal("done", view.GetProperty("status").GetString());
        Assert.Equal(0, view.GetProperty("processed").GetInt32());
    }
}
