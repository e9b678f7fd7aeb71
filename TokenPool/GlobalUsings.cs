// The namespaces most of the pool uses: the stored token records, the pool's state, selection and
// diagnostics, and logging.
global using Grok2Api.Storage.Tokens;
global using Grok2Api.TokenPool.Diagnostics;
global using Grok2Api.TokenPool.Selection;
global using Grok2Api.TokenPool.State;
global using Microsoft.Extensions.Logging;
