namespace Grok2Api.Configuration;

/// <summary>One section of the config as an editor shows it: its name, what it is for, and its keys in file order.</summary>
/// <param name="Section">The TOML name of the section (<c>chat</c>).</param>
/// <param name="Description">One line saying what the section is for.</param>
/// <param name="Keys">The keys, in the order a freshly written config.toml shows them.</param>
public sealed record ConfigSectionDescription(string Section, string Description, IReadOnlyList<ConfigKeyDescription> Keys)
{
    /// <summary>For a map section (free names, no fixed <see cref="Keys"/>), how its entries look; null for any other section.</summary>
    public ConfigMapDescription? Map { get; init; }
}
