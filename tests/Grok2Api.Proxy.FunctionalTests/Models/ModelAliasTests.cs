using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;

namespace Grok2Api.Proxy.FunctionalTests.Models;

/// <summary>
/// <c>[model_alias]</c> end to end over real Kestrel and the simulator: aliases listed by
/// <c>/v1/models</c>, a chat with an alias served by its model and answered under the client's name,
/// live edits of config.toml, and the admin config API showing and editing the table.
/// </summary>
public sealed class ModelAliasTests
{
    private const int CatalogueSize = 14;
    private static readonly TimeSpan LiveBound = TimeSpan.FromSeconds(15);

    private static readonly ChatSettings Aliased = new()
    {
        ModelAlias = """
            "claude-sonnet-4-5" = "grok-4.1-fast"
            "claude-3.5:latest" = "grok-4"
            "gpt-4o" = "no-such-model"
            "grok-4" = "grok-3"
            """,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Models_ListTheCatalogueThenTheUsableAliases_AndGetAnswersAnAlias()
    {
        await using var env = await ChatEnvironment.StartAsync(Ct, Aliased);

        var data = await ModelsAsync(env);

        Assert.Equal(CatalogueSize + 2, data.Count);
        Assert.All(data.Take(CatalogueSize), m => Assert.False(m.TryGetProperty("alias_of", out _)));
        Assert.Equal(["claude-3.5:latest", "claude-sonnet-4-5"], data.Skip(CatalogueSize).Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["grok-4", "grok-4.1-fast"], data.Skip(CatalogueSize).Select(m => m.GetProperty("alias_of").GetString()));
        Assert.All(data.Skip(CatalogueSize), m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.Equal(data[0].GetProperty("owned_by").GetString(), m.GetProperty("owned_by").GetString());
            Assert.Equal(data[0].GetProperty("created").GetInt64(), m.GetProperty("created").GetInt64());
        });

        var alias = await env.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/models/claude-3.5:latest", UriKind.Relative), Ct);
        Assert.Equal(("claude-3.5:latest", "grok-4"), (alias.GetProperty("id").GetString(), alias.GetProperty("alias_of").GetString()));

        // A catalogue id always means itself; an alias of an unknown model does not exist.
        var grok4 = await env.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/models/grok-4", UriKind.Relative), Ct);
        Assert.False(grok4.TryGetProperty("alias_of", out _));
        using var unknown = await env.Http.GetAsync(new Uri("/v1/models/gpt-4o", UriKind.Relative), Ct);
        await OpenAiAssert.ErrorAsync(unknown, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", Ct);
    }

    [Fact]
    public async Task Chat_WithAnAlias_IsServedByItsModel_AndAnsweredUnderTheClientsName()
    {
        await using var env = await ChatEnvironment.StartAsync(Ct, Aliased);
        await env.AddTokenAsync(Ct);

        var direct = await ChatAsync(env, "grok-4.1-fast");
        var viaAlias = await ChatAsync(env, "claude-sonnet-4-5");
        var viaShadowed = await ChatAsync(env, "grok-4");

        Assert.Equal("claude-sonnet-4-5", viaAlias.Answer.GetProperty("model").GetString());
        Assert.Equal("chat.completion", viaAlias.Answer.GetProperty("object").GetString());
        Assert.False(string.IsNullOrEmpty(viaAlias.Answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        Assert.Equal(direct.Upstream, viaAlias.Upstream);
        Assert.NotEqual(direct.Upstream, viaShadowed.Upstream);

        var stream = await env.StreamAsync(ChatBodies.Text("claude-sonnet-4-5", "hello", stream: true), Ct);
        Assert.True(stream.EndsWithDone);
        Assert.All(stream.Chunks, chunk => Assert.Equal("claude-sonnet-4-5", chunk.GetProperty("model").GetString()));

        using var broken = await env.PostAsync(ChatBodies.Text("gpt-4o", "hello"), Ct);
        await OpenAiAssert.ErrorAsync(broken, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", Ct);
    }

    [Fact]
    public async Task EditOfConfigToml_ChangesTheAliasesWithoutARestart()
    {
        await using var env = await ChatEnvironment.StartAsync(Ct);
        await env.AddTokenAsync(Ct);
        var path = DataDirectoryFiles.ConfigPath(env.Gateway.DataDirectory);
        var original = await File.ReadAllTextAsync(path, Ct);
        Assert.Equal(CatalogueSize, (await ModelsAsync(env)).Count);

        DataDirectoryFiles.ReplaceConfig(env.Gateway.DataDirectory, original + "\n[model_alias]\n\"gpt-5-codex\" = \"grok-4.1-fast\"\n");
        var added = await Eventually.PollAsync(() => ModelsAsync(env), data => data.Count == CatalogueSize + 1, LiveBound, Ct);
        Assert.Equal("gpt-5-codex", added[^1].GetProperty("id").GetString());
        Assert.Equal("grok-4.1-fast", added[^1].GetProperty("alias_of").GetString());
        var served = await ChatAsync(env, "gpt-5-codex");
        Assert.Equal("gpt-5-codex", served.Answer.GetProperty("model").GetString());

        DataDirectoryFiles.ReplaceConfig(env.Gateway.DataDirectory, original);
        await Eventually.PollAsync(() => ModelsAsync(env), data => data.Count == CatalogueSize, LiveBound, Ct);
        using var gone = await env.PostAsync(ChatBodies.Text("gpt-5-codex", "hello"), Ct);
        await OpenAiAssert.ErrorAsync(gone, HttpStatusCode.NotFound, "invalid_request_error", "model_not_found", Ct);
    }

    [Fact]
    public async Task AdminConfigApi_ShowsAndEditsTheTable()
    {
        await using var env = await ChatEnvironment.StartAsync(Ct, Aliased);
        var admin = new AdminClient(env.Gateway.Client);

        var config = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config", null, Ct);
        var table = config.GetProperty("model_alias");
        Assert.Equal("grok-4.1-fast", table.GetProperty("claude-sonnet-4-5").GetString());
        Assert.Equal("no-such-model", table.GetProperty("gpt-4o").GetString());
        Assert.Equal(30, config.GetProperty("responses").GetProperty("retention_days").GetInt32());

        var schema = await admin.JsonAsync(HttpMethod.Get, "/v1/admin/config/schema", null, Ct);
        var section = schema.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("section").GetString() == "model_alias");
        Assert.Empty(section.GetProperty("keys").EnumerateArray());
        Assert.Equal("string", section.GetProperty("map").GetProperty("item").GetString());

        var patch = JsonNode.Parse("""{"model_alias":{"claude-3.5:latest":null,"gpt-4o":null,"o3:high":"grok-4.1-thinking"}}""");
        var edited = await admin.JsonAsync(HttpMethod.Patch, "/v1/admin/config", patch, Ct);
        var names = edited.GetProperty("model_alias").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["claude-sonnet-4-5", "grok-4", "o3:high"], names);
        var listed = await ModelsAsync(env);
        Assert.Equal(["claude-sonnet-4-5", "o3:high"], listed.Skip(CatalogueSize).Select(m => m.GetProperty("id").GetString()));
        var saved = await File.ReadAllTextAsync(DataDirectoryFiles.ConfigPath(env.Gateway.DataDirectory), Ct);
        Assert.Contains("\"o3:high\" = \"grok-4.1-thinking\"", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("claude-3.5:latest", saved, StringComparison.Ordinal);

        using var refused = await admin.SendAsync(
            HttpMethod.Patch, "/v1/admin/config", JsonNode.Parse("""{"model_alias":{"bad name":"grok-4"},"responses":{"retention_days":0}}"""), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        // A name with a space is not a "section.key" field name: its problem is listed whole, naming it.
        Assert.Contains("model_alias.bad name: a name must be printable ASCII without spaces", errors.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("between 1 and 3650", errors.GetProperty("responses.retention_days")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ModelsAsync(ChatEnvironment env)
    {
        var body = await env.Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/models", UriKind.Relative), Ct);
        return [.. body.GetProperty("data").EnumerateArray()];
    }

    /// <summary>A non-stream chat with <paramref name="model"/>: its answer, and the model name and mode grok.com was asked for.</summary>
    private static async Task<(JsonElement Answer, (string? Name, string? Mode) Upstream)> ChatAsync(ChatEnvironment env, string model)
    {
        env.Simulator.ClearRequests();
        using var response = await env.PostAsync(ChatBodies.Text(model, "hello"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var call = Assert.Single(env.Simulator.Requests, r => r.Path == UpstreamPaths.ConversationsNew);
        var body = call.BodyJson()!;
        return (answer, (body["modelName"]?.GetValue<string>(), body["modelMode"]?.GetValue<string>()));
    }
}
