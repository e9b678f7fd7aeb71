using System.Text.Json.Nodes;

namespace Grok2Api.Configuration;

/// <summary>
/// The <c>config.toml</c> format for a store that keeps the config as a TOML file: parse a file,
/// write a new one with every default and its comment, or update an existing one in place so the
/// operator's comments, order and formatting survive.
/// </summary>
public static class ConfigTomlFile
{
    /// <summary>Parses TOML text into the config tree.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="sourceName">The file's name, for messages.</param>
    /// <exception cref="ConfigFormatException">The text does not parse.</exception>
    public static JsonObject Parse(string text, string sourceName) => TomlConfigReader.Parse(text, sourceName);

    /// <summary>The text of a new file holding <paramref name="tree"/>, with the documented comments.</summary>
    /// <param name="tree">The tree to write.</param>
    public static string Write(JsonObject tree) => TomlConfigWriter.Write(ConfigTree.NormalizeObject(tree), ConfigDefaults.FileOptions);

    /// <summary>
    /// The text of <paramref name="text"/> changed to hold <paramref name="tree"/>: only changed keys
    /// are rewritten, everything else (comments, order, blank lines) stays as it was.
    /// </summary>
    /// <param name="text">The current file's text.</param>
    /// <param name="tree">The tree the file must hold.</param>
    /// <param name="sourceName">The file's name, for messages.</param>
    /// <exception cref="ConfigFormatException">The current text does not parse.</exception>
    public static string Update(string text, JsonObject tree, string sourceName) =>
        TomlDocumentEditor.Update(text, ConfigTree.NormalizeObject(tree), sourceName, ConfigDefaults.FileOptions);
}
