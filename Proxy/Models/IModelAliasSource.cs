using Grok2Api.Transforms.Grok.Models;

namespace Grok2Api.Proxy.Models;

/// <summary>The model aliases in effect now (<c>[model_alias]</c>), for every surface that resolves a client's model name.</summary>
internal interface IModelAliasSource
{
    /// <summary>The current aliases; replaced as a whole when the config changes.</summary>
    ModelAliases Current { get; }
}
