using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Proxy.Models;

/// <summary>Until the <c>[model_alias]</c> section is read: no aliases.</summary>
internal sealed class NoModelAliases : IModelAliasSource
{
    /// <inheritdoc />
    public ModelAliases Current => ModelAliases.None;
}
