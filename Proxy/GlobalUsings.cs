// The namespaces the gateway's handlers, exchanges and services share: its own layers (configuration,
// pipeline, upstream, media, the OpenAI surface) and the options pattern. A namespace used by a few
// files only stays a using directive in those files.
global using Grok2Api.Configuration;
global using Grok2Api.Proxy.Attachments;
global using Grok2Api.Proxy.Chat;
global using Grok2Api.Proxy.Diagnostics;
global using Grok2Api.Proxy.Http;
global using Grok2Api.Proxy.Media;
global using Grok2Api.Proxy.Models;
global using Grok2Api.Proxy.Observability;
global using Grok2Api.Proxy.OpenAi;
global using Grok2Api.Proxy.Pipeline;
global using Grok2Api.Proxy.Upstream;
global using Grok2Api.Storage.Tokens;
global using Grok2Api.TokenPool.Selection;
global using Grok2Api.Transforms.Conversations;
global using Grok2Api.Transforms.Grok;
global using Grok2Api.Transforms.Grok.Models;
global using Grok2Api.Transforms.OpenAi;
global using Grok2Api.Transforms.OpenAi.Chat;
global using Grok2Api.Transforms.OpenAi.Images;
global using Microsoft.Extensions.Options;
