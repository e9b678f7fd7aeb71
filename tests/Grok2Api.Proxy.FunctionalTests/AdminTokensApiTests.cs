using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests;

/// <summary>The admin token API of docs/compatibility.md §7.2, end to end over a fresh DATA_DIR per test.</summary>
public sealed class AdminTokensApiTests
{
    private static readonly string[] TokenViewFields =
    [
        "id", "token_masked", "pool", "status", "quota", "use_count", "fail_count", "tags", "note",
        "created_at", "last_used_at", "last_sync_at", "last_fail_at", "last_fail_reason", "last_asset_clear_at",
    ];

    [Fact]
    public async Task Add_StripsPrefixSplitsLinesAndSkipsBlanksAndDuplicatesAcrossPools()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        string[] t = [TestTokens.New("a"), TestTokens.New("b"), TestTokens.New("c"), TestTokens.New("d")];

        // 6 values: sso=t0, t1, t2 (a pasted block, CRLF), a blank, an empty string, t0 again.
        var first = await admin.AddAsync("ssoBasic", ["sso=" + t[0], t[1] + "\r\n" + t[2], "   ", "", t[0]], ct, note: "batch-1");
        Assert.Equal(3, first.GetProperty("added").GetInt32());
        Assert.Equal(3, first.GetProperty("skipped").GetInt32());

        // A token is in at most one pool: t1 and t2 are already in ssoBasic.
        var second = await admin.AddAsync("ssoSuper", [t[1], "sso=" + t[2], t[3]], ct);
        Assert.Equal(1, second.GetProperty("added").GetInt32());
        Assert.Equal(2, second.GetProperty("skipped").GetInt32());

        var items = await admin.ItemsAsync(ct);
        Assert.Equal(4, items.Count);
        foreach (var (token, index) in t.Select((token, index) => (token, index)))
        {
            var item = Assert.Single(items, i => i.GetProperty("id").GetString() == TestTokens.IdOf(token));
            var pool = index < 3 ? "ssoBasic" : "ssoSuper";
            Assert.Equal(pool, item.GetProperty("pool").GetString());
            Assert.Equal(index < 3 ? 80 : 140, item.GetProperty("quota").GetInt32());
            Assert.Equal("active", item.GetProperty("status").GetString());
            Assert.Equal(index < 3 ? "batch-1" : "", item.GetProperty("note").GetString());
            Assert.Equal(TokenIdentity.Mask(token), item.GetProperty("token_masked").GetString());
            Assert.Equal(0, item.GetProperty("use_count").GetInt32());
        }

        // Stored without the prefix, each exactly once, in the pool it was first added to.
        var stored = DataDirectoryFiles.ReadTokens(data.Path);
        Assert.Equal(t.Order(StringComparer.Ordinal), stored.Select(r => r.Token).Order(StringComparer.Ordinal));
        Assert.Equal("ssoSuper", stored.Single(r => r.Token == t[3]).Pool);
        var raw = await File.ReadAllTextAsync(DataDirectoryFiles.TokenPath(data.Path), ct);
        Assert.DoesNotContain("sso=", raw, StringComparison.Ordinal);

        AssertNoTokenIn(admin, t);
    }

    [Fact]
    public async Task Add_InvalidBodies_Are400ProblemsNamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        var token = TestTokens.New();

        (string Body, string Field)[] cases =
        [
            ($$"""{"tokens":["{{token}}"]}""", "pool"),
            ($$"""{"pool":"ssoLegacy","tokens":["{{token}}"]}""", "pool"),
            ($$"""{"pool":"ssobasic","tokens":["{{token}}"]}""", "pool"),
            ("""{"pool":"ssoBasic","tokens":[]}""", "tokens"),
            ("""{"pool":"ssoBasic"}""", "tokens"),
            ($$"""{"pool":"ssoBasic","tokens":["{{token}}"],"note":"{{new string('n', 501)}}"}""", "note"),
        ];
        foreach (var (body, field) in cases)
        {
            using var response = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/tokens", body, ct);
            await ProblemAssert.ValidationAsync(response, field, ct);
        }

        Assert.Empty(await admin.ItemsAsync(ct));
        AssertNoTokenIn(admin, [token]);
    }

    [Fact]
    public async Task Add_ValuesACookieCannotCarry_Is400NamingTheLinesAndAddsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        var good = TestTokens.New();

        using var response = await admin.SendAsync(HttpMethod.Post, "/v1/admin/tokens", new JsonObject
        {
            ["pool"] = "ssoBasic",
            ["tokens"] = new JsonArray(good, "eyJhbGci.semi;colon", "eyJhbGci.inner space", "eyJhbGci.中文"),
        }, ct);
        var problem = await ProblemAssert.ValidationAsync(response, "tokens", ct);
        Assert.Contains("2, 3, 4", problem.GetProperty("errors").GetProperty("tokens")[0].GetString(), StringComparison.Ordinal);

        Assert.Empty(await admin.ItemsAsync(ct));
        Assert.False(File.Exists(DataDirectoryFiles.TokenPath(data.Path)) && DataDirectoryFiles.ReadTokens(data.Path).Count > 0);
        AssertNoTokenIn(admin, [good]);
    }

    [Theory]
    [InlineData("POST", "/v1/admin/tokens", "{")]
    [InlineData("POST", "/v1/admin/tokens", "{\"pool\":\"ssoBasic\",\"tokens\":\"not-a-list\"}")]
    [InlineData("POST", "/v1/admin/tokens", "[1,2]")]
    [InlineData("PATCH", "/v1/admin/tokens/0123456789abcdef", "{\"quota\":")]
    [InlineData("PATCH", "/v1/admin/tokens/0123456789abcdef", "{\"quota\":\"many\"}")]
    [InlineData("POST", "/v1/admin/tokens/delete", "{\"ids\":")]
    [InlineData("POST", "/v1/admin/tokens/delete", "{\"ids\":\"abc\"}")]
    [InlineData("POST", "/v1/admin/tokens/export", "not json")]
    [InlineData("POST", "/v1/admin/login", "{\"app_key\":")]
    public async Task MalformedJson_Is400ProblemNever500(string method, string path, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);

        using var response = await admin.SendRawAsync(new HttpMethod(method), path, body, ct);
        await ProblemAssert.ProblemAsync(response, HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task TokenView_HasExactlyTheDocumentedSnakeCaseFields()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        var token = TestTokens.New();
        await admin.AddAsync("ssoBasic", [token], ct);

        var list = await admin.ListAsync("", ct);
        Assert.Equal(["items", "page", "page_size", "stats", "total"], list.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(TokenViewFields.Order(StringComparer.Ordinal), item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        Assert.Equal(TestTokens.IdOf(token), item.GetProperty("id").GetString());
        Assert.Matches("^[0-9a-f]{16}$", item.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, item.GetProperty("tags").ValueKind);
        Assert.True(item.GetProperty("created_at").GetInt64() > 1_700_000_000_000, "created_at is in epoch milliseconds");
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_used_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_sync_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_fail_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_fail_reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_asset_clear_at").ValueKind);

        // The patch answer is the same TokenView shape.
        var patched = await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(token)}", new JsonObject { ["note"] = "x" }, ct);
        Assert.Equal(TokenViewFields.Order(StringComparer.Ordinal), patched.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertNoTokenIn(admin, [token]);
    }

    [Fact]
    public async Task List_FiltersPagesAndStats()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        string[] basic = [TestTokens.New("b1"), TestTokens.New("b2"), TestTokens.New("b3")];
        string[] super = [TestTokens.New("s1"), TestTokens.New("s2")];
        await admin.AddAsync("ssoBasic", basic, ct);
        await admin.AddAsync("ssoSuper", super, ct);
        await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(basic[0])}", new JsonObject
        {
            ["status"] = "disabled",
            ["tags"] = new JsonArray("nsfw"),
        }, ct);
        await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{TestTokens.IdOf(super[1])}", new JsonObject
        {
            ["tags"] = new JsonArray("nsfw", "vip"),
            ["note"] = "Alice's account",
        }, ct);

        var all = await admin.ListAsync("", ct);
        Assert.Equal(5, all.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("page").GetInt32());
        Assert.Equal(50, all.GetProperty("page_size").GetInt32());
        var stats = all.GetProperty("stats");
        Assert.Equal(5, stats.GetProperty("total").GetInt32());
        Assert.Equal(4, stats.GetProperty("active").GetInt32());
        Assert.Equal(1, stats.GetProperty("disabled").GetInt32());
        Assert.Equal(0, stats.GetProperty("cooling").GetInt32());
        Assert.Equal(0, stats.GetProperty("expired").GetInt32());
        Assert.Equal((3 * 80) + (2 * 140), stats.GetProperty("total_quota").GetInt64());
        Assert.Equal(0, stats.GetProperty("total_use_count").GetInt64());
        Assert.Equal(0, stats.GetProperty("in_flight").GetInt32());

        Assert.Equal(IdsOf(super), await IdsAsync(admin, "?pool=ssoSuper", ct));
        Assert.Equal(IdsOf(basic), await IdsAsync(admin, "?pool=ssoBasic", ct));
        Assert.Equal(IdsOf(basic[0]), await IdsAsync(admin, "?status=disabled", ct));
        Assert.Equal(IdsOf([.. basic[1..], .. super]), await IdsAsync(admin, "?status=active", ct));
        Assert.Empty(await IdsAsync(admin, "?status=cooling", ct));
        Assert.Equal(IdsOf(basic[0], super[1]), await IdsAsync(admin, "?tag=nsfw", ct));
        Assert.Equal(IdsOf(super[1]), await IdsAsync(admin, "?tag=vip", ct));
        Assert.Equal(IdsOf(super[1]), await IdsAsync(admin, "?tag=nsfw&pool=ssoSuper", ct));
        Assert.Empty(await IdsAsync(admin, "?tag=nsfw&pool=ssoSuper&status=disabled", ct));
        Assert.Equal(IdsOf(super[1]), await IdsAsync(admin, "?q=alice", ct));
        Assert.Equal(IdsOf(basic[2]), await IdsAsync(admin, "?q=" + TestTokens.IdOf(basic[2])[..12], ct));
        Assert.Equal(IdsOf(super[0]), await IdsAsync(admin, "?q=" + Uri.EscapeDataString(TokenIdentity.Mask(super[0])), ct));

        // Pages of 2 cover the 5 tokens exactly once, and report the total.
        List<string> paged = [];
        for (var page = 1; page <= 3; page++)
        {
            var body = await admin.ListAsync($"?page={page}&page_size=2", ct);
            Assert.Equal(5, body.GetProperty("total").GetInt32());
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(2, body.GetProperty("page_size").GetInt32());
            var ids = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.Equal(page < 3 ? 2 : 1, ids.Count);
            paged.AddRange(ids);
        }

        Assert.Equal(IdsOf([.. basic, .. super]), paged.Order(StringComparer.Ordinal));
        Assert.Empty((await admin.ListAsync("?page=4&page_size=2", ct)).GetProperty("items").EnumerateArray());
        AssertNoTokenIn(admin, [.. basic, .. super]);
    }

    [Theory]
    [InlineData("?pool=ssoLegacy", "pool")]
    [InlineData("?status=banned", "status")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?page_size=0", "page_size")]
    [InlineData("?page_size=100000", "page_size")]
    public async Task List_InvalidQuery_Is400NamingTheParameter(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);

        using var response = await new AdminClient(gateway.Client).SendAsync(HttpMethod.Get, "/v1/admin/tokens" + query, null, ct);
        await ProblemAssert.ValidationAsync(response, field, ct);
    }

    [Fact]
    public async Task Patch_ChangesEachEditableFieldAndPersistsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        var token = TestTokens.New();
        var id = TestTokens.IdOf(token);
        await admin.AddAsync("ssoBasic", [token], ct, note: "before");

        var view = await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{id}", new JsonObject
        {
            ["pool"] = "ssoSuper",
            ["quota"] = 7,
            ["note"] = "moved to super",
            ["status"] = "disabled",
            ["tags"] = new JsonArray("nsfw", " vip ", "nsfw", ""),
        }, ct);
        Assert.Equal(id, view.GetProperty("id").GetString());
        Assert.Equal("ssoSuper", view.GetProperty("pool").GetString());
        Assert.Equal(7, view.GetProperty("quota").GetInt32());
        Assert.Equal("moved to super", view.GetProperty("note").GetString());
        Assert.Equal("disabled", view.GetProperty("status").GetString());
        Assert.Equal(["nsfw", "vip"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));

        // The listing shows the same, and token.json holds it (admin edits are durable when answered).
        var listed = await admin.ItemAsync(id, ct);
        Assert.Equal(view.ToString(), listed.ToString());
        var stored = Assert.Single(DataDirectoryFiles.ReadTokens(data.Path));
        Assert.Equal(new TokenFileRecord("ssoSuper", token, "disabled", 7, 0, 0, stored.Tags, "moved to super"), stored);
        Assert.Equal(["nsfw", "vip"], stored.Tags.Split(',').Order(StringComparer.Ordinal));

        // A partial patch leaves the other fields alone; active revives a disabled token.
        var revived = await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{id}", new JsonObject { ["status"] = "active" }, ct);
        Assert.Equal("active", revived.GetProperty("status").GetString());
        Assert.Equal(7, revived.GetProperty("quota").GetInt32());
        Assert.Equal("ssoSuper", revived.GetProperty("pool").GetString());
        Assert.Equal("moved to super", revived.GetProperty("note").GetString());

        var cleared = await admin.JsonAsync(HttpMethod.Patch, $"/v1/admin/tokens/{id}", new JsonObject { ["tags"] = new JsonArray(), ["quota"] = 0 }, ct);
        Assert.Empty(cleared.GetProperty("tags").EnumerateArray());
        Assert.Equal(0, cleared.GetProperty("quota").GetInt32());
        AssertNoTokenIn(admin, [token]);
    }

    [Fact]
    public async Task Patch_InvalidValuesAndUnknownIds_AreProblemsAndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        var token = TestTokens.New();
        var id = TestTokens.IdOf(token);
        await admin.AddAsync("ssoBasic", [token], ct, note: "keep");
        var before = (await admin.ItemAsync(id, ct)).ToString();

        (JsonObject Body, string Field)[] cases =
        [
            (new JsonObject { ["status"] = "cooling" }, "status"),
            (new JsonObject { ["status"] = "expired" }, "status"),
            (new JsonObject { ["status"] = "bogus" }, "status"),
            (new JsonObject { ["pool"] = "ssoLegacy" }, "pool"),
            (new JsonObject { ["quota"] = -1 }, "quota"),
            (new JsonObject { ["note"] = new string('n', 501) }, "note"),
            (new JsonObject { ["quota"] = 5, ["status"] = "cooling" }, "status"),
        ];
        foreach (var (body, field) in cases)
        {
            using var response = await admin.SendAsync(HttpMethod.Patch, $"/v1/admin/tokens/{id}", body, ct);
            await ProblemAssert.ValidationAsync(response, field, ct);
        }

        Assert.Equal(before, (await admin.ItemAsync(id, ct)).ToString());

        using var missing = await admin.SendAsync(HttpMethod.Patch, "/v1/admin/tokens/0000000000000000", new JsonObject { ["note"] = "x" }, ct);
        var problem = await ProblemAssert.ProblemBodyAsync(missing, HttpStatusCode.NotFound, ct);
        Assert.Contains("No token has this id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A whole token used in place of its id is not found, and is not echoed back.
        using var byToken = await admin.SendAsync(HttpMethod.Patch, $"/v1/admin/tokens/{Uri.EscapeDataString(token)}", new JsonObject { ["note"] = "x" }, ct);
        await ProblemAssert.ProblemBodyAsync(byToken, HttpStatusCode.NotFound, ct);
        AssertNoTokenIn(admin, [token]);
    }

    [Fact]
    public async Task Delete_OneThenBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        string[] t = [TestTokens.New("a"), TestTokens.New("b"), TestTokens.New("c"), TestTokens.New("d")];
        await admin.AddAsync("ssoBasic", t[..3], ct);
        await admin.AddAsync("ssoSuper", t[3..], ct);

        using (var deleted = await admin.SendAsync(HttpMethod.Delete, $"/v1/admin/tokens/{TestTokens.IdOf(t[0])}", null, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(0, deleted.Content.Headers.ContentLength ?? 0);
        }

        using (var again = await admin.SendAsync(HttpMethod.Delete, $"/v1/admin/tokens/{TestTokens.IdOf(t[0])}", null, ct))
        {
            await ProblemAssert.ProblemBodyAsync(again, HttpStatusCode.NotFound, ct);
        }

        Assert.Equal(IdsOf(t[1..]), await IdsAsync(admin, "", ct));
        Assert.DoesNotContain(DataDirectoryFiles.ReadTokens(data.Path), r => r.Token == t[0]);

        // Unknown and repeated ids are not counted.
        var batch = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/tokens/delete", new JsonObject
        {
            ["ids"] = new JsonArray(TestTokens.IdOf(t[1]), TestTokens.IdOf(t[3]), "ffffffffffffffff", TestTokens.IdOf(t[1]), TestTokens.IdOf(t[0])),
        }, ct);
        Assert.Equal("deleted", Assert.Single(batch.EnumerateObject()).Name);
        Assert.Equal(2, batch.GetProperty("deleted").GetInt32());
        Assert.Equal(IdsOf(t[2]), await IdsAsync(admin, "", ct));
        Assert.Equal([t[2]], DataDirectoryFiles.ReadTokens(data.Path).Select(r => r.Token));

        var none = await admin.JsonAsync(HttpMethod.Post, "/v1/admin/tokens/delete", new JsonObject { ["ids"] = new JsonArray() }, ct);
        Assert.Equal(0, none.GetProperty("deleted").GetInt32());

        using var noIds = await admin.SendRawAsync(HttpMethod.Post, "/v1/admin/tokens/delete", "{}", ct);
        await ProblemAssert.ValidationAsync(noIds, "ids", ct);
        Assert.Equal(IdsOf(t[2]), await IdsAsync(admin, "", ct));
        AssertNoTokenIn(admin, t);
    }

    [Fact]
    public async Task Export_AllOrSelected_OneBareTokenPerLine()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);
        string[] t = [TestTokens.New("a"), TestTokens.New("b"), TestTokens.New("c")];
        await admin.AddAsync("ssoBasic", ["sso=" + t[0], t[1]], ct);
        await admin.AddAsync("ssoSuper", [t[2]], ct);

        var all = await admin.ExportAsync([], ct);
        Assert.Equal(t.Order(StringComparer.Ordinal), Lines(all).Order(StringComparer.Ordinal));

        var selected = await admin.ExportAsync(new JsonObject { ["ids"] = new JsonArray(TestTokens.IdOf(t[2]), TestTokens.IdOf(t[0]), "ffffffffffffffff") }, ct);
        Assert.Equal(new[] { t[0], t[2] }.Order(StringComparer.Ordinal), Lines(selected).Order(StringComparer.Ordinal));

        var unknown = await admin.ExportAsync(new JsonObject { ["ids"] = new JsonArray("ffffffffffffffff") }, ct);
        Assert.Empty(Lines(unknown));
    }

    [Fact]
    public async Task UnknownTokenId_Is404WithTheProblemJsonMediaType()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        await using var gateway = await GatewayHost.StartAsync(data.Path, ct);
        var admin = new AdminClient(gateway.Client);

        // RFC 9457: a problem details body is served as application/problem+json, like every other admin error.
        using var patch = await admin.SendAsync(HttpMethod.Patch, "/v1/admin/tokens/0000000000000000", new JsonObject { ["note"] = "x" }, ct);
        await ProblemAssert.ProblemAsync(patch, HttpStatusCode.NotFound, ct);
        using var delete = await admin.SendAsync(HttpMethod.Delete, "/v1/admin/tokens/0000000000000000", null, ct);
        await ProblemAssert.ProblemAsync(delete, HttpStatusCode.NotFound, ct);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static List<string> IdsOf(params string[] tokens) => [.. tokens.Select(TestTokens.IdOf).Order(StringComparer.Ordinal)];

    private static async Task<List<string>> IdsAsync(AdminClient admin, string query, CancellationToken cancellationToken) =>
        [.. (await admin.ListAsync(query, cancellationToken)).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];

    private static void AssertNoTokenIn(AdminClient admin, IEnumerable<string> tokens)
    {
        var bodies = admin.Bodies;
        Assert.NotEmpty(bodies);
        foreach (var token in tokens)
        {
            var bare = TokenIdentity.Normalize(token);
            Assert.DoesNotContain(bodies, body => body.Contains(bare, StringComparison.Ordinal));
            Assert.DoesNotContain(bodies, body => body.Contains(bare[6..^4], StringComparison.Ordinal));
        }
    }
}
