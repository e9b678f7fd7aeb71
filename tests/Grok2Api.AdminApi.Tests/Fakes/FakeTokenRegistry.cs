using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;

namespace Grok2Api.AdminApi.Tests.Fakes;

/// <summary>Records what the admin endpoints ask of the registry and answers what the test set up.</summary>
internal sealed class FakeTokenRegistry : ITokenRegistry
{
    public static readonly TokenStats EmptyStats = new(0, 0, 0, 0, 0, 0, 0, 0);

    public List<TokenQuery> Queries { get; } = [];

    public List<(string Pool, IReadOnlyList<string> Tokens, string? Note)> Adds { get; } = [];

    public List<(string Id, TokenPatch Patch)> Patches { get; } = [];

    public List<string> Removed { get; } = [];

    public List<IReadOnlyCollection<string>> RemovedMany { get; } = [];

    public List<IReadOnlyCollection<string>?> Exports { get; } = [];

    public TokenPage Page { get; set; } = new([], 0, 1, 50, EmptyStats);

    public TokenAddResult AddResult { get; set; } = new(0, 0);

    public TokenPatchResult PatchResult { get; set; } = new(TokenPatchError.NotFound, null);

    public bool RemoveResult { get; set; }

    public int RemoveManyResult { get; set; }

    public IReadOnlyList<string> ExportResult { get; set; } = [];

    public static PooledToken View(string token, string pool = TokenPools.Basic, TokenStatus status = TokenStatus.Active) => new(
        pool,
        new StoredToken
        {
            Token = token,
            Status = status,
            Quota = 80,
            UseCount = 2,
            FailCount = 1,
            Tags = ["nsfw"],
            Note = "note",
            CreatedAt = 1_739_600_000_000,
            LastSyncAt = 1_739_600_000_500,
        });

    public TokenPage Query(TokenQuery query)
    {
        Queries.Add(query);
        return Page;
    }

    public PooledToken? Find(string id) => null;

    public Task<TokenAddResult> AddAsync(string pool, IReadOnlyList<string> tokens, string? note, CancellationToken cancellationToken)
    {
        Adds.Add((pool, tokens, note));
        return Task.FromResult(AddResult);
    }

    public Task<TokenPatchResult> PatchAsync(string id, TokenPatch patch, CancellationToken cancellationToken)
    {
        Patches.Add((id, patch));
        return Task.FromResult(PatchResult);
    }

    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        Removed.Add(id);
        return Task.FromResult(RemoveResult);
    }

    public Task<int> RemoveManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        RemovedMany.Add(ids);
        return Task.FromResult(RemoveManyResult);
    }

    public IReadOnlyList<string> Export(IReadOnlyCollection<string>? ids)
    {
        Exports.Add(ids);
        return ExportResult;
    }
}
