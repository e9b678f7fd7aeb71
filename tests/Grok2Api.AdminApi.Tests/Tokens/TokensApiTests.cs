using System.Text.Json;
using Grok2Api.AdminApi.Tests.Fakes;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.AdminApi.Tests.Tokens;

/// <summary>How the token endpoints validate requests and translate them for the registry.</summary>
public sealed class TokensApiTests
{
    private const string Tokens = "/v1/admin/tokens/";
    private const string Token = "/v1/admin/tokens/{id}";
    private const string TokenA = "eyJhbGciOiJIUzI1NiJ9.unit-token-a-0000000000";
    private const string TokenB = "eyJhbGciOiJIUzI1NiJ9.unit-token-b-1111111111";

    [Fact]
    public async Task List_PassesTrimmedFiltersAndPaging()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("GET", Tokens, null, WithQuery("?pool=ssoSuper&status=%20Disabled&tag=%20nsfw%20&q=%20abc%20&page=2&page_size=10"));

        Assert.Equal(200, call.Status);
        Assert.Equal(new TokenQuery(TokenPools.Super, TokenStatus.Disabled, "nsfw", "abc", 2, 10), Assert.Single(admin.Registry.Queries));
    }

    [Fact]
    public async Task List_BlankParameters_UseTheDefaults()
    {
        await using var admin = AdminEndpoints.Create();

        await admin.InvokeAsync("GET", Tokens, null, WithQuery("?pool=&status=%20&tag=&q=&page=&page_size="));

        Assert.Equal(new TokenQuery(null, null, null, null, 1, 50), Assert.Single(admin.Registry.Queries));
    }

    [Fact]
    public async Task List_AllowsPageSizeUpTo500()
    {
        await using var admin = AdminEndpoints.Create();

        Assert.Equal(200, (await admin.InvokeAsync("GET", Tokens, null, WithQuery("?page_size=500"))).Status);
        (await admin.InvokeAsync("GET", Tokens, null, WithQuery("?page_size=501"))).AssertValidation("page_size");
        Assert.Equal(500, Assert.Single(admin.Registry.Queries).PageSize);
    }

    [Fact]
    public async Task List_EveryInvalidParameterIsReportedAtOnce()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("GET", Tokens, null, WithQuery("?pool=ssoLegacy&status=banned&page=0&page_size=-5"));

        call.AssertValidation("page", "page_size", "pool", "status");
        Assert.Empty(admin.Registry.Queries);
    }

    [Fact]
    public async Task List_AnswersTheRegistryPageAsSnakeCaseTokenViews()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.Page = new TokenPage(
            [FakeTokenRegistry.View(TokenA, TokenPools.Super, TokenStatus.Disabled)], 7, 2, 1, new TokenStats(7, 5, 1, 0, 1, 600, 12, 3));

        var body = (await admin.InvokeAsync("GET", Tokens, null)).Json();

        Assert.Equal(7, body.GetProperty("total").GetInt32());
        Assert.Equal(2, body.GetProperty("page").GetInt32());
        Assert.Equal(1, body.GetProperty("page_size").GetInt32());
        var item = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal("disabled", item.GetProperty("status").GetString());
        Assert.Equal("ssoSuper", item.GetProperty("pool").GetString());
        Assert.Equal(TokenIdentity.Mask(TokenA), item.GetProperty("token_masked").GetString());
        Assert.Equal(2, item.GetProperty("use_count").GetInt32());
        Assert.Equal(1, item.GetProperty("fail_count").GetInt32());
        Assert.Equal(1_739_600_000_500, item.GetProperty("last_sync_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("last_used_at").ValueKind);
        var stats = body.GetProperty("stats");
        Assert.Equal(600, stats.GetProperty("total_quota").GetInt64());
        Assert.Equal(12, stats.GetProperty("total_use_count").GetInt64());
        Assert.Equal(3, stats.GetProperty("in_flight").GetInt32());
    }

    [Fact]
    public async Task Add_SplitsPastedBlocksIntoTrimmedLines()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.AddResult = new TokenAddResult(2, 3);

        var call = await admin.InvokeAsync("POST", Tokens, $$"""
            {"pool":"ssoSuper","tokens":["sso={{TokenA}}", " {{TokenB}}\r\n\t{{TokenA}} \n", null],"note":"imported"}
            """);

        Assert.Equal(200, call.Status);
        Assert.Equal(2, call.Json().GetProperty("added").GetInt32());
        Assert.Equal(3, call.Json().GetProperty("skipped").GetInt32());
        var (pool, tokens, note) = Assert.Single(admin.Registry.Adds);
        Assert.Equal(TokenPools.Super, pool);
        Assert.Equal(["sso=" + TokenA, TokenB, TokenA, "", ""], tokens);
        Assert.Equal("imported", note);
    }

    [Fact]
    public async Task Add_EveryInvalidFieldIsReportedAtOnceAndNothingIsAdded()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", Tokens, $$"""{"pool":"ssoLegacy","tokens":[],"note":"{{new string('n', 501)}}"}""");

        call.AssertValidation("note", "pool", "tokens");
        Assert.Empty(admin.Registry.Adds);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"pool":null,"tokens":null}""")]
    public async Task Add_MissingPoolAndTokens_Is400(string body)
    {
        await using var admin = AdminEndpoints.Create();

        (await admin.InvokeAsync("POST", Tokens, body)).AssertValidation("pool", "tokens");
        Assert.Empty(admin.Registry.Adds);
    }

    [Fact]
    public async Task Add_NoteOf500Characters_IsAccepted()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", Tokens, $$"""{"pool":"ssoBasic","tokens":["{{TokenA}}"],"note":"{{new string('n', 500)}}"}""");

        Assert.Equal(200, call.Status);
        Assert.Equal(500, Assert.Single(admin.Registry.Adds).Note!.Length);
    }

    [Theory]
    [InlineData("abc;def")]
    [InlineData("abc,def")]
    [InlineData("abc def")]
    [InlineData("abcdéf")]
    [InlineData("abc\u007fdef")]
    public async Task Add_AValueACookieCannotCarry_Is400AndNothingIsAdded(string bad)
    {
        await using var admin = AdminEndpoints.Create();
        var body = new { pool = "ssoBasic", tokens = new[] { TokenA, bad } };

        var call = await admin.InvokeAsync("POST", Tokens, JsonSerializer.Serialize(body));

        call.AssertValidation("tokens");
        Assert.Contains("2", call.Json().GetProperty("errors").GetProperty("tokens")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bad, call.Body, StringComparison.Ordinal);
        Assert.Empty(admin.Registry.Adds);
    }

    [Fact]
    public async Task Patch_TranslatesTheBodyIntoATokenPatch()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.PatchResult = new TokenPatchResult(TokenPatchError.None, FakeTokenRegistry.View(TokenA, TokenPools.Super, TokenStatus.Disabled));

        var call = await admin.InvokeAsync("PATCH", Token, """
            {"pool":"ssoSuper","quota":7,"note":"n","status":" Disabled ","tags":[" vip ","vip","",null,"nsfw"]}
            """, WithId("abc123"));

        Assert.Equal(200, call.Status);
        Assert.Equal("disabled", call.Json().GetProperty("status").GetString());
        var (id, patch) = Assert.Single(admin.Registry.Patches);
        Assert.Equal("abc123", id);
        Assert.Equal(TokenPools.Super, patch.Pool);
        Assert.Equal(7, patch.Quota);
        Assert.Equal("n", patch.Note);
        Assert.Equal(TokenStatus.Disabled, patch.Status);
        Assert.Equal(["vip", "nsfw"], patch.Tags);
    }

    [Fact]
    public async Task Patch_AbsentFieldsStayNull()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.PatchResult = new TokenPatchResult(TokenPatchError.None, FakeTokenRegistry.View(TokenA));

        await admin.InvokeAsync("PATCH", Token, """{"note":""}""", WithId("abc"));

        var patch = Assert.Single(admin.Registry.Patches).Patch;
        Assert.Equal(new TokenPatch { Note = "" }, patch);
    }

    [Theory]
    [InlineData("""{"status":"cooling"}""", "status")]
    [InlineData("""{"status":"expired"}""", "status")]
    [InlineData("""{"status":""}""", "status")]
    [InlineData("""{"pool":"ssoLegacy"}""", "pool")]
    [InlineData("""{"quota":-1}""", "quota")]
    public async Task Patch_InvalidField_Is400WithoutCallingTheRegistry(string body, string field)
    {
        await using var admin = AdminEndpoints.Create();

        (await admin.InvokeAsync("PATCH", Token, body, WithId("abc"))).AssertValidation(field);
        Assert.Empty(admin.Registry.Patches);
    }

    [Theory]
    [InlineData(TokenPatchError.InvalidPool, "pool")]
    [InlineData(TokenPatchError.InvalidStatus, "status")]
    [InlineData(TokenPatchError.InvalidQuota, "quota")]
    public async Task Patch_RegistryRejection_Is400NamingTheField(TokenPatchError error, string field)
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.PatchResult = new TokenPatchResult(error, null);

        (await admin.InvokeAsync("PATCH", Token, """{"quota":1}""", WithId("abc"))).AssertValidation(field);
    }

    [Fact]
    public async Task Patch_UnknownId_Is404WithoutEchoingTheId()
    {
        await using var admin = AdminEndpoints.Create();
        var longId = new string('f', 100);

        var call = await admin.InvokeAsync("PATCH", Token, """{"note":"x"}""", WithId(longId));

        Assert.Equal(404, call.Status);
        // What was sent may be a pasted whole token: it is never echoed.
        var detail = call.Json().GetProperty("detail").GetString();
        Assert.DoesNotContain("ffff", detail, StringComparison.Ordinal);
        Assert.Equal(404, call.Json().GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Delete_AnswersByWhetherTheTokenExisted()
    {
        await using var admin = AdminEndpoints.Create();

        admin.Registry.RemoveResult = true;
        Assert.Equal(204, (await admin.InvokeAsync("DELETE", Token, null, WithId("abc"))).Status);
        admin.Registry.RemoveResult = false;
        Assert.Equal(404, (await admin.InvokeAsync("DELETE", Token, null, WithId("def"))).Status);

        Assert.Equal(["abc", "def"], admin.Registry.Removed);
    }

    [Fact]
    public async Task DeleteMany_PassesDistinctTrimmedIds()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.RemoveManyResult = 2;

        var call = await admin.InvokeAsync("POST", "/v1/admin/tokens/delete", """{"ids":[" a ","a","",null,"b"]}""");

        Assert.Equal(200, call.Status);
        Assert.Equal(2, call.Json().GetProperty("deleted").GetInt32());
        Assert.Equal(["a", "b"], Assert.Single(admin.Registry.RemovedMany));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"ids":null}""")]
    public async Task DeleteMany_WithoutIds_Is400(string body)
    {
        await using var admin = AdminEndpoints.Create();

        (await admin.InvokeAsync("POST", "/v1/admin/tokens/delete", body)).AssertValidation("ids");
        Assert.Empty(admin.Registry.RemovedMany);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"ids":null}""")]
    public async Task Export_WithoutIds_ExportsEverythingAsAnAttachment(string? body)
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.ExportResult = [TokenA, TokenB];

        var call = await admin.InvokeAsync("POST", "/v1/admin/tokens/export", body);

        Assert.Equal(200, call.Status);
        Assert.Equal("text/plain; charset=utf-8", call.ContentType);
        Assert.Equal($"{TokenA}\n{TokenB}\n", call.Body);
        Assert.Null(Assert.Single(admin.Registry.Exports));
        var disposition = call.Headers.ContentDisposition.ToString();
        Assert.StartsWith("attachment", disposition, StringComparison.Ordinal);
        Assert.Contains("tokens_export_2026-03-01.txt", disposition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_SelectedIds_AsksForThoseOnly()
    {
        await using var admin = AdminEndpoints.Create();
        admin.Registry.ExportResult = [TokenB];

        var call = await admin.InvokeAsync("POST", "/v1/admin/tokens/export", """{"ids":[" x ","x","","y"]}""");

        Assert.Equal($"{TokenB}\n", call.Body);
        Assert.Equal(["x", "y"], Assert.Single(admin.Registry.Exports)!.Order(StringComparer.Ordinal));
        Assert.Contains("tokens_export_selected_2026-03-01.txt", call.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_NothingSelected_IsEmpty()
    {
        await using var admin = AdminEndpoints.Create();

        var call = await admin.InvokeAsync("POST", "/v1/admin/tokens/export", """{"ids":[]}""");

        Assert.Equal(200, call.Status);
        Assert.Equal("", call.Body);
        Assert.Empty(Assert.Single(admin.Registry.Exports)!);
    }

    private static Action<HttpContext> WithQuery(string query) => context => context.Request.QueryString = new QueryString(query);

    private static Action<HttpContext> WithId(string id) => context => context.Request.RouteValues["id"] = id;
}
