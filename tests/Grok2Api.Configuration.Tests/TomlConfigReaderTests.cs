using System.Text.Json.Nodes;
using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class TomlConfigReaderTests
{
    [Theory]
    [InlineData("[app]\napp_key = \"unterminated\nx = 1\n", 2, 24)]
    [InlineData("[app]\napi_key = = 2\n", 2, 11)]
    [InlineData("[chat]\ntimeout = 1\ntimeout = 2\n", 3, 1)]
    [InlineData("[app]\n[app]\n", 2, 1)]
    [InlineData("[app]\nkey = \"bad \\q escape\"\n", 2, 13)]
    public void Parse_InvalidToml_NamesFileLineColumnAndReason(string text, int line, int column)
    {
        var ex = Assert.Throws<ConfigFormatException>(() => TomlConfigReader.Parse(text, "/data/config.toml"));

        Assert.StartsWith($"/data/config.toml, line {line}, column {column}: ", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length > $"/data/config.toml, line {line}, column {column}: ".Length + 5, ex.Message);
    }

    [Fact]
    public void Parse_AllValueKinds_BecomeTreeNodes()
    {
        const string text = """
            top = "root value"
            [app]
            text = 'literal \ string'
            multi = '''
            two
            lines'''
            flag = true
            count = 0x1F
            ratio = 2.5
            when = 1979-05-27T07:32:00Z
            day = 1979-05-27
            list = [1, "two", [3.0], { four = 4 }]
            empty = []
            [chat.model_concurrency]
            "grok-4.1-fast" = 3
            [[arr]]
            x = 1
            [[arr]]
            x = 2
            """;

        var tree = TomlConfigReader.Parse(text, "config.toml");

        Assert.Equal("root value", tree["top"]!.GetValue<string>());
        var app = tree["app"]!.AsObject();
        Assert.Equal("literal \\ string", app["text"]!.GetValue<string>());
        Assert.Equal("two\nlines", app["multi"]!.GetValue<string>());
        Assert.True(app["flag"]!.GetValue<bool>());
        Assert.Equal(31L, ConfigTree.ReadScalar(app["count"]!.AsValue()));
        Assert.Equal(2.5, ConfigTree.ReadScalar(app["ratio"]!.AsValue()));
        Assert.Equal("1979-05-27T07:32:00Z", app["when"]!.GetValue<string>());
        Assert.Equal("1979-05-27", app["day"]!.GetValue<string>());
        Assert.Equal("[1, \"two\", [3.0], { four = 4 }]", TomlText.Inline(app["list"]));
        Assert.Empty(app["empty"]!.AsArray());
        Assert.Equal(3L, ConfigTree.ReadScalar(tree["chat"]!["model_concurrency"]!["grok-4.1-fast"]!.AsValue()));
        Assert.Equal(2, tree["arr"]!.AsArray().Count);
    }

    [Fact]
    public void Parse_EmptyText_GivesEmptyTree()
    {
        Assert.Empty(TomlConfigReader.Parse("# only a comment\n", "config.toml"));
    }

    [Fact]
    public void Parse_IntegerAndFloat_StayDistinct()
    {
        var tree = TomlConfigReader.Parse("a = 60\nb = 60.0\n", "config.toml");

        Assert.IsType<long>(ConfigTree.ReadScalar(tree["a"]!.AsValue()));
        Assert.IsType<double>(ConfigTree.ReadScalar(tree["b"]!.AsValue()));
        Assert.False(ConfigTree.StrictEquals(tree["a"], tree["b"]));
        Assert.True(ConfigTree.StrictEquals(JsonValue.Create(60L), tree["a"]));
    }
}
