// The parts of a store, named by the storage contract (IStorageBackend) and by every backend and
// helper that implements or uses it: the config tree, leases, tokens, batch tasks, video jobs, stored
// responses and the original project's data. Imported once here rather than at the top of each file.
global using Grok2Api.Configuration;
global using Grok2Api.Storage.Coordination;
global using Grok2Api.Storage.Original;
global using Grok2Api.Storage.Responses;
global using Grok2Api.Storage.Tasks;
global using Grok2Api.Storage.Tokens;
global using Grok2Api.Storage.Videos;
