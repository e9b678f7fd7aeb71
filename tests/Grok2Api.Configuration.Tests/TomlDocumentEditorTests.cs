using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class TomlDocumentEditorTests
{
    private const string Operator = """
        # My gateway settings -- do not lose this comment

        [app]
        app_key = "admin-pass"   # changed on 2024-05-01
        api_key = ""

        # Slow network here
        [chat]
        timeout = 90.0 # seconds
        concurrent = 4

        [retry]
        retry_status_codes = [
          401, # unauthorized
          429,
        ]

        [register] # a fork's section
        worker = "x"
        """;

    [Fact]
    public void Update_ChangedValue_KeepsCommentsAndLayout()
    {
        var target = Parse(Operator);
        target["chat"]!["timeout"] = 120.0;

        var text = Update(Operator, target);

        Assert.Equal(Operator.Replace("timeout = 90.0 # seconds", "timeout = 120.0 # seconds", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Update_NewKey_GoesAtTheEndOfItsSection()
    {
        var target = Parse(Operator);
        target["app"]!["stream"] = true;
        target["app"]!["app_url"] = "https://example.com";

        var text = Update(Operator, target);

        Assert.Contains("api_key = \"\"\n# External URL of this service", text, StringComparison.Ordinal);
        Assert.Contains("app_url = \"https://example.com\"\n", text, StringComparison.Ordinal);
        Assert.Contains("stream = true\n\n# Slow network here\n[chat]", text, StringComparison.Ordinal);
        Assert.Contains("# My gateway settings -- do not lose this comment", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("app_url = ", StringComparison.Ordinal) < text.IndexOf("stream = ", StringComparison.Ordinal));
    }

    [Fact]
    public void Update_NewSections_AreAppendedInDefaultOrder()
    {
        var target = Parse(Operator);
        target["upstream"] = new JsonObject { ["base_url"] = "http://127.0.0.1:9000" };
        target["proxy"] = new JsonObject { ["statsig_id"] = "abc" };

        var text = Update(Operator, target);

        Assert.StartsWith(Operator, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("[proxy]", StringComparison.Ordinal) < text.IndexOf("[upstream]", StringComparison.Ordinal));
        Assert.Contains("[upstream]\n# REST calls", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_NewNestedTable_IsAppendedAsTable()
    {
        var target = Parse(Operator);
        target["chat"]!["experimental_limits"] = new JsonObject { ["grok-4.1-fast"] = 3L };

        var text = Update(Operator, target);

        Assert.StartsWith(Operator, text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n[chat.experimental_limits]\n\"grok-4.1-fast\" = 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RemovedKeyAndSection_AreCutOut()
    {
        var target = Parse(Operator);
        target.Remove("register");
        target["chat"]!.AsObject().Remove("concurrent");

        var text = Update(Operator, target);

        Assert.DoesNotContain("register", text, StringComparison.Ordinal);
        Assert.DoesNotContain("concurrent", text, StringComparison.Ordinal);
        Assert.Contains("timeout = 90.0 # seconds\n", text, StringComparison.Ordinal);
        Assert.Contains("401, # unauthorized", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RemovedTableAndKeys_TakeTheirCommentsAndLeaveNoGap()
    {
        const string text = """
            [app]
            api_key = ""

            # legacy stuff
            [grok]
            # network
            timeout = 1
            proxy = "x"

            # retries
            max_retry = 3

            [chat]
            # attached to the key
            timeout = 5.0
            concurrent = 2
            """;
        var target = Parse(text);
        target.Remove("grok");
        target["chat"]!.AsObject().Remove("timeout");

        Assert.Equal("[app]\napi_key = \"\"\n\n[chat]\nconcurrent = 2", Update(text, target));
    }

    [Fact]
    public void Update_ChangedMultilineArray_IsReplacedAsAWhole()
    {
        var target = Parse(Operator);
        target["retry"]!["retry_status_codes"] = new JsonArray(500L, 502L);

        var text = Update(Operator, target);

        Assert.Contains("retry_status_codes = [500, 502]\n", text, StringComparison.Ordinal);
        Assert.Contains("# Slow network here", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_NothingChanged_ReturnsTheSameText()
    {
        Assert.Same(Operator, Update(Operator, Parse(Operator)));
    }

    [Fact]
    public void Update_LastLineWithoutNewline_StillSeparatesTheNewKey()
    {
        const string text = "[app]\napi_key = \"\"";
        var target = Parse(text);
        target["app"]!["app_key"] = "x";

        Assert.Equal("[app]\napi_key = \"\"\n# Admin password for /admin and /v1/admin. Change it; it must not be empty.\napp_key = \"x\"\n", Update(text, target));
    }

    [Theory]
    [InlineData("chat.timeout = 5.0\n")]
    [InlineData("[[servers]]\nname = \"a\"\n[[servers]]\nname = \"b\"\n")]
    [InlineData("[app]\nlimits = { a = 1 }\n")]
    public void Update_LayoutThatCannotHoldTheChange_IsRenderedWhole(string text)
    {
        var target = Parse(text);
        target["app"] = new JsonObject { ["limits"] = new JsonObject { ["a"] = 2L, ["b"] = 3L }, ["api_key"] = "k" };
        if (target["servers"] is JsonArray servers)
        {
            servers.Add(new JsonObject { ["name"] = "c" });
        }

        if (target["chat"] is JsonObject chat)
        {
            chat["concurrent"] = 2L;
        }

        var updated = Update(text, target);

        Assert.True(ConfigTree.StrictEquals(target, Parse(updated)), updated);
    }

    private static JsonObject Parse(string text) => TomlConfigReader.Parse(text, "config.toml");

    private static string Update(string text, JsonObject target)
    {
        var updated = TomlDocumentEditor.Update(text, target, "config.toml", ConfigDefaults.FileOptions);
        Assert.True(ConfigTree.StrictEquals(target, Parse(updated)), updated);
        return updated;
    }
}
