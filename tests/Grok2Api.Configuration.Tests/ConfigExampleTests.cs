using Grok2Api.Configuration;

namespace Grok2Api.Configuration.Tests;

public sealed class ConfigExampleTests
{
    [Fact]
    public void Example_Parses_ToExactlyTheDefaults()
    {
        var example = TomlConfigReader.Parse(File.ReadAllText(ConfigTestFiles.Example), "config.toml.example");

        Assert.True(ConfigTree.StrictEquals(ConfigDefaults.Tree(), example));
        var bound = ConfigBinder.Bind(example);
        Assert.Empty(bound.Errors);
        Assert.Empty(bound.Warnings);
    }

    [Fact]
    public void Example_IsWhatAFreshStartWrites()
    {
        // config.toml.example is the file a first start creates; regenerate it from this text when
        // a key, a default or a comment changes.
        var fresh = TomlConfigWriter.Write(ConfigDefaults.Tree(), ConfigDefaults.FileOptions);

        Assert.Equal(fresh, File.ReadAllText(ConfigTestFiles.Example).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Example_EveryKey_HasAComment()
    {
        foreach (var section in ConfigSchema.Sections)
        {
            Assert.True(ConfigComments.ByPath.ContainsKey(section.Name), section.Name);
            Assert.All(section.Keys, key => Assert.True(ConfigComments.ByPath.ContainsKey(key.Path), key.Path));
        }
    }

    [Fact]
    public void Example_DocumentsTheChangedDefaults()
    {
        var text = File.ReadAllText(ConfigTestFiles.Example);

        Assert.Contains("dynamic_statsig = true", text, StringComparison.Ordinal);
        Assert.Contains("Ignored, kept for compatibility", text, StringComparison.Ordinal);
        Assert.Contains("the original used true", text, StringComparison.Ordinal);
        Assert.Contains("[upstream]", text, StringComparison.Ordinal);
    }
}
