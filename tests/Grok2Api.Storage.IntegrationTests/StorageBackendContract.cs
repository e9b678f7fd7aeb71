using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Responses;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;

namespace Grok2Api.Storage.IntegrationTests;

/// <summary>
/// What every storage backend must do, as users of the gateway notice it: tokens, the config tree,
/// batch tasks, video jobs and leases read back exactly what was written, and token updates follow
/// <see cref="TokenUpdate.ApplyTo"/>. One derived class per backend; each test gets an empty store.
/// Shared-store behaviour (several instances) is in <see cref="SharedStorageBackendContract"/>.
/// </summary>
public abstract class StorageBackendContract : IAsyncLifetime
{
    private readonly List<IStorageBackend> _opened = [];
    private string _store = "";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Prepares an empty store and returns what identifies it (a URL or a directory).</summary>
    protected abstract Task<string> NewStoreAsync(CancellationToken cancellationToken);

    /// <summary>A backend object over <paramref name="store"/> for instance <paramref name="instance"/> (not opened).</summary>
    protected abstract IStorageBackend Create(string store, StoreInstance instance);

    public async ValueTask InitializeAsync() => _store = await NewStoreAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _opened)
        {
            try
            {
                await backend.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        await DisposeStoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what <see cref="NewStoreAsync"/> prepared, after the backends were disposed.</summary>
    protected virtual ValueTask DisposeStoreAsync() => ValueTask.CompletedTask;

    /// <summary>The store of this test.</summary>
    protected string Store => _store;

    /// <summary>A new backend object (a new instance id) over this test's store, opened.</summary>
    protected async Task<IStorageBackend> OpenAsync(string? instanceId = null)
    {
        var backend = Create(_store, new StoreInstance(instanceId ?? "i-" + Guid.NewGuid().ToString("N")[..8]));
        _opened.Add(backend);
        await backend.OpenAsync(Ct);
        return backend;
    }

    /// <summary>Reads every token through a backend object that did not write them.</summary>
    protected async Task<IReadOnlyList<PooledToken>> LoadFreshAsync()
    {
        var reader = Create(_store, new StoreInstance("reader-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            await reader.OpenAsync(Ct);
            return await reader.Tokens.LoadAsync(Ct);
        }
        finally
        {
            await reader.DisposeAsync();
        }
    }

    protected static async Task SaveAsync(IStorageBackend backend, IEnumerable<PooledToken>? upserts = null, IEnumerable<TokenUpdate>? updates = null, IEnumerable<string>? deletes = null)
    {
        var changes = new TokenChangeSet();
        changes.Upserts.AddRange(upserts ?? []);
        changes.Updates.AddRange(updates ?? []);
        changes.Deletes.AddRange(deletes ?? []);
        await backend.Tokens.SaveAsync(changes, Ct);
    }

    protected static string NewToken() => "tok-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>A record with every field set, unknown fields included.</summary>
    protected static PooledToken FullToken(string? token = null) => new("ssoSuper", new StoredToken
    {
        Token = token ?? NewToken(),
        Status = TokenStatus.Cooling,
        Quota = 42,
        CreatedAt = 1_700_000_000_123,
        LastUsedAt = 1_700_000_100_456,
        UseCount = 7,
        FailCount = 3,
        LastFailAt = 1_700_000_200_789,
        LastFailReason = "429: rate limited — 请稍后",
        LastSyncAt = 1_700_000_300_000,
        Tags = ["vip", "日本語", "emoji 🚀", ""],
        Note = "note with \"quotes\", \\ and ünïcödé",
        LastAssetClearAt = 1_700_000_400_000,
        Extra = new Dictionary<string, JsonElement>
        {
            ["future_field"] = JsonSerializer.SerializeToElement(new { nested = new[] { 1, 2, 3 }, flag = true }),
            ["future_text"] = JsonSerializer.SerializeToElement("kept"),
            ["future_null"] = JsonSerializer.SerializeToElement<string?>(null),
            ["future_number"] = JsonSerializer.SerializeToElement(12345),
        },
    });

    /// <summary>
    /// A record with every nullable field null except created_at (local files, like the original
    /// project, give a record without created_at the time it was read).
    /// </summary>
    protected static PooledToken BareToken(string? token = null, int quota = 10, TokenStatus status = TokenStatus.Active) =>
        new("ssoBasic", new StoredToken { Token = token ?? NewToken(), Quota = quota, Status = status, CreatedAt = 1_600_000_000_000 });

    /// <summary>A comparable text of a record: every field, unknown fields by name.</summary>
    protected static string Canon(PooledToken t)
    {
        var s = t.Token;
        var extra = s.Extra is null or { Count: 0 }
            ? "{}"
            : string.Join(",", s.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + JsonNode.Parse(e.Value.GetRawText())?.ToJsonString()));
        return string.Join("|", new object?[]
        {
            t.Pool, s.Token, s.Status, s.Quota, s.CreatedAt, s.LastUsedAt, s.UseCount, s.FailCount, s.LastFailAt,
            s.LastFailReason ?? "<null>", s.LastSyncAt, "[" + string.Join("\u0001", s.Tags) + "]", s.Note, s.LastAssetClearAt, extra,
        }.Select(v => v is null ? "<null>" : Convert.ToString(v, CultureInfo.InvariantCulture)));
    }

    protected static PooledToken Single(IReadOnlyList<PooledToken> all, string token)
    {
        var found = all.Where(t => t.Token.Token == token).ToList();
        Assert.Single(found);
        return found[0];
    }

    protected static TokenUpdate Update(string token, TokenFields fields, StoredToken? values = null, string pool = "ssoBasic", int quotaDelta = 0, int useDelta = 0) =>
        new(new PooledToken(pool, (values ?? new StoredToken { Token = token }) with { Token = token }), fields, quotaDelta, useDelta);

    [Fact]
    public async Task Every_token_field_round_trips_including_unknown_fields_unicode_tags_and_nulls()
    {
        var a = await OpenAsync();
        var full = FullToken();
        var bare = BareToken();
        await SaveAsync(a, upserts: [full, bare]);

        var all = await LoadFreshAsync();
        Assert.Equal(2, all.Count);
        Assert.Equal(Canon(full), Canon(Single(all, full.Token.Token)));
        Assert.Equal(Canon(bare), Canon(Single(all, bare.Token.Token)));
        Assert.Null(Single(all, bare.Token.Token).Token.LastFailReason);
        Assert.Null(Single(all, bare.Token.Token).Token.LastUsedAt);
    }

    [Fact]
    public async Task A_field_set_back_to_null_reads_null_by_upsert_and_by_update()
    {
        var a = await OpenAsync();
        var first = FullToken();
        var second = FullToken();
        await SaveAsync(a, upserts: [first, second]);

        var cleared = first with { Token = first.Token with { LastFailReason = null, LastFailAt = null, LastUsedAt = null, Extra = null, Tags = [] } };
        await SaveAsync(a, upserts: [cleared]);
        await SaveAsync(a, updates: [Update(second.Token.Token, TokenFields.LastFailReason | TokenFields.LastFailAt | TokenFields.LastSyncAt, pool: second.Pool)]);

        var all = await LoadFreshAsync();
        Assert.Equal(Canon(cleared), Canon(Single(all, first.Token.Token)));
        var updated = Single(all, second.Token.Token).Token;
        Assert.Null(updated.LastFailReason);
        Assert.Null(updated.LastFailAt);
        Assert.Null(updated.LastSyncAt);
        Assert.Equal(second.Token.LastUsedAt, updated.LastUsedAt);
    }

    [Fact]
    public async Task Updates_write_exactly_what_TokenUpdate_ApplyTo_says()
    {
        var a = await OpenAsync();
        var full = FullToken().Token;
        var cases = new (string Name, PooledToken Stored, Func<string, TokenUpdate> Make)[]
        {
            ("status on active", BareToken(), t => Update(t, TokenFields.Status, new StoredToken { Token = t, Status = TokenStatus.Cooling })),
            ("guarded status never replaces disabled", BareToken(status: TokenStatus.Disabled), t => Update(t, TokenFields.Status, new StoredToken { Token = t, Status = TokenStatus.Active })),
            ("admin status replaces disabled", BareToken(status: TokenStatus.Disabled), t => Update(t, TokenFields.StatusByAdmin, new StoredToken { Token = t, Status = TokenStatus.Active })),
            ("quota delta clamps at 0", BareToken(quota: 3), t => Update(t, TokenFields.None, quotaDelta: -5)),
            ("quota delta", BareToken(quota: 30), t => Update(t, TokenFields.None, quotaDelta: -4, useDelta: 2)),
            ("named quota wins over delta", BareToken(quota: 3), t => Update(t, TokenFields.Quota | TokenFields.UseCount, new StoredToken { Token = t, Quota = 80, UseCount = 5 }, quotaDelta: -1, useDelta: 9)),
            ("use count delta clamps at 0", BareToken(), t => Update(t, TokenFields.None, useDelta: -3)),
            ("pool move", BareToken(), t => Update(t, TokenFields.Pool, pool: "ssoSuper")),
            ("pool not named stays", BareToken(), t => Update(t, TokenFields.Note, new StoredToken { Token = t, Note = "n" }, pool: "ssoSuper")),
            ("every named field", BareToken(), t => Update(t, (TokenFields)((1 << 14) - 1) & ~TokenFields.Status, full with { Token = t }, pool: "ssoSuper")),
            ("unnamed fields untouched", FullToken(), t => Update(t, TokenFields.FailCount | TokenFields.LastFailAt, new StoredToken { Token = t, FailCount = 0 })),
            ("tags replaced", FullToken(), t => Update(t, TokenFields.Tags, new StoredToken { Token = t, Tags = ["ß", "new"] })),
        };

        var stored = cases.Select(c => c.Stored).ToList();
        await SaveAsync(a, upserts: stored);
        var before = await a.Tokens.LoadAsync(Ct);
        var updates = cases.Select(c => c.Make(c.Stored.Token.Token)).ToList();
        await SaveAsync(a, updates: updates);

        var after = await LoadFreshAsync();
        for (var i = 0; i < cases.Length; i++)
        {
            var expected = updates[i].ApplyTo(Single(before, cases[i].Stored.Token.Token));
            Assert.True(Canon(expected) == Canon(Single(after, cases[i].Stored.Token.Token)), $"{cases[i].Name}: expected {Canon(expected)} got {Canon(Single(after, cases[i].Stored.Token.Token))}");
        }

        Assert.Equal(TokenStatus.Disabled, Single(after, cases[1].Stored.Token.Token).Token.Status);
        Assert.Equal(0, Single(after, cases[3].Stored.Token.Token).Token.Quota);
    }

    [Fact]
    public async Task An_update_of_a_token_the_store_does_not_hold_creates_nothing()
    {
        var a = await OpenAsync();
        var kept = BareToken();
        await SaveAsync(a, upserts: [kept]);
        var ghost = NewToken();
        await SaveAsync(a, updates: [Update(ghost, TokenFields.Note | TokenFields.Status, new StoredToken { Token = ghost, Note = "x" }, quotaDelta: -1, useDelta: 1)]);

        var all = await LoadFreshAsync();
        Assert.Equal([kept.Token.Token], all.Select(t => t.Token.Token));
        Assert.Empty(await a.Tokens.LoadAsync([TokenIdentity.IdOf(ghost)], Ct));
    }

    [Fact]
    public async Task A_deleted_token_stays_deleted_even_when_an_update_follows()
    {
        var a = await OpenAsync();
        var gone = BareToken();
        var kept = BareToken();
        await SaveAsync(a, upserts: [gone, kept]);
        await SaveAsync(a, deletes: [gone.Token.Token]);
        await SaveAsync(a, updates: [Update(gone.Token.Token, TokenFields.None, quotaDelta: -1, useDelta: 1)]);

        var all = await LoadFreshAsync();
        Assert.Equal([kept.Token.Token], all.Select(t => t.Token.Token));
        Assert.Empty(await a.Tokens.LoadAsync([TokenIdentity.IdOf(gone.Token.Token)], Ct));
    }

    [Fact]
    public async Task One_save_applies_upserts_then_updates_then_deletes()
    {
        var a = await OpenAsync();
        var upserted = BareToken(quota: 10);
        var deleted = BareToken();
        await SaveAsync(a, upserts: [deleted]);

        await SaveAsync(a, upserts: [upserted], updates: [Update(upserted.Token.Token, TokenFields.None, quotaDelta: -3), Update(deleted.Token.Token, TokenFields.None, quotaDelta: -1)], deletes: [deleted.Token.Token]);

        var all = await LoadFreshAsync();
        Assert.Equal(7, Single(all, upserted.Token.Token).Token.Quota);
        Assert.DoesNotContain(all, t => t.Token.Token == deleted.Token.Token);
    }

    [Fact]
    public async Task LoadAsync_by_ids_returns_just_those_tokens()
    {
        var a = await OpenAsync();
        var tokens = Enumerable.Range(0, 6).Select(_ => FullToken()).ToList();
        await SaveAsync(a, upserts: tokens);
        await SaveAsync(a, deletes: [tokens[5].Token.Token]);

        var wanted = new[] { tokens[1], tokens[3], tokens[5] }.Select(t => TokenIdentity.IdOf(t.Token.Token)).Append("0000000000000000").ToList();
        var found = await a.Tokens.LoadAsync(wanted, Ct);

        Assert.Equal(new[] { tokens[1], tokens[3] }.Select(Canon).Order(StringComparer.Ordinal), found.Select(Canon).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_quota_and_use_count_deltas_from_one_object_sum_exactly()
    {
        var a = await OpenAsync();
        var token = BareToken(quota: 1000);
        await SaveAsync(a, upserts: [token]);

        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (_, _) =>
            await SaveAsync(a, updates: [Update(token.Token.Token, TokenFields.None, quotaDelta: -1, useDelta: 1)]));

        var stored = Single(await LoadFreshAsync(), token.Token.Token).Token;
        Assert.Equal(700, stored.Quota);
        Assert.Equal(300, stored.UseCount);
    }

    [Fact]
    public async Task Config_is_null_when_empty_and_round_trips_with_removed_keys_removed()
    {
        var a = await OpenAsync();
        Assert.Null(await a.Config.LoadAsync(Ct));

        var tree = new JsonObject
        {
            ["app"] = new JsonObject { ["api_key"] = "k-1", ["stream"] = true, ["tags"] = new JsonArray("a", "ü") },
            ["grok"] = new JsonObject { ["timeout"] = 120, ["proxy"] = new JsonObject { ["url"] = "http://p" }, ["old"] = "x" },
        };
        await a.Config.SaveAsync(tree, Ct);
        var loaded = await a.Config.LoadAsync(Ct);
        Assert.True(JsonNode.DeepEquals(tree, loaded), loaded?.ToJsonString());

        var next = (JsonObject)tree.DeepClone();
        ((JsonObject)next["grok"]!).Remove("old");
        next["app"]!["api_key"] = "k-2";
        await a.Config.SaveAsync(next, Ct);

        var b = await OpenAsync();
        var reread = await b.Config.LoadAsync(Ct);
        Assert.True(JsonNode.DeepEquals(next, reread), reread?.ToJsonString());
    }

    [Fact]
    public async Task Batch_tasks_upsert_replace_delete_and_load()
    {
        var a = await OpenAsync();
        Assert.Empty(await a.Tasks.LoadAsync(Ct));
        var one = new BatchTaskRecord
        {
            Id = "t1", Kind = "refresh", Status = "running", Total = 10, Processed = 2, Ok = 1, Fail = 1, CreatedAt = 1_700_000_000_000,
            Errors = [new BatchTaskItemError("e1", "abc…wxyz", "401 — 未授权")], Assets = [new BatchTaskAssetCount("a1", "abc…wxyz", 3)], Owner = "i-1",
        };
        var two = new BatchTaskRecord { Id = "t2", Kind = "nsfw", Status = "done", CreatedAt = 1_700_000_000_500, EndedAt = 1_700_000_001_000, Reason = null };
        await a.Tasks.UpsertAsync([one, two], Ct);
        var replaced = one with { Status = "done", Processed = 10, Ok = 9, EndedAt = 1_700_000_002_000, CancelRequested = true, Reason = "cancelled" };
        await a.Tasks.UpsertAsync([replaced], Ct);

        var b = await OpenAsync();
        var loaded = (await b.Tasks.LoadAsync(Ct)).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(2, loaded.Count);
        AssertTask(replaced, loaded[0]);
        AssertTask(two, loaded[1]);

        await a.Tasks.DeleteAsync(["t1", "missing"], Ct);
        Assert.Equal(["t2"], (await b.Tasks.LoadAsync(Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task Video_jobs_upsert_replace_find_delete_and_load_oldest_first()
    {
        var a = await OpenAsync();
        Assert.Empty(await a.VideoJobs.LoadAsync(Ct));
        var late = new VideoJobRecord { Id = "v2", Model = "grok-video", Status = "queued", CreatedAt = 2_000, Prompt = "二" };
        var early = new VideoJobRecord { Id = "v1", Model = "grok-video", Status = "in_progress", Progress = 40, CreatedAt = 1_000, Prompt = "a cat", Seconds = "6", Size = "720x1280" };
        await a.VideoJobs.UpsertAsync(late, Ct);
        await a.VideoJobs.UpsertAsync(early, Ct);
        var done = early with { Status = "completed", Progress = 100, FinishedAt = 1_500, VideoUrl = "http://v/1.mp4", PosterUrl = "http://v/1.jpg" };
        await a.VideoJobs.UpsertAsync(done, Ct);

        var b = await OpenAsync();
        Assert.Equal([done, late], await b.VideoJobs.LoadAsync(Ct));
        Assert.Equal(done, await b.VideoJobs.FindAsync("v1", Ct));
        Assert.Null(await b.VideoJobs.FindAsync("nope", Ct));

        await a.VideoJobs.DeleteAsync(["v1"], Ct);
        Assert.Equal([late], await b.VideoJobs.LoadAsync(Ct));
        Assert.Null(await b.VideoJobs.FindAsync("v1", Ct));
    }

    [Fact]
    public async Task A_lease_is_acquired_renewed_by_its_holder_and_released()
    {
        var a = await OpenAsync();
        Assert.True(await a.Leases.TryAcquireAsync("scheduler", TimeSpan.FromSeconds(30), Ct));
        Assert.True(await a.Leases.TryAcquireAsync("scheduler", TimeSpan.FromSeconds(30), Ct));
        Assert.True(await a.Leases.TryAcquireAsync("other", TimeSpan.FromSeconds(30), Ct));
        await a.Leases.ReleaseAsync("scheduler", Ct);
        Assert.True(await a.Leases.TryAcquireAsync("scheduler", TimeSpan.FromSeconds(30), Ct));
    }

    /// <summary>
    /// A base time a day ahead of the real clock: the tests pass their own "now", and a record that
    /// expires after the real clock is never expired by a store's own clock (Redis) behind their back.
    /// </summary>
    protected static long ResponseBase { get; } = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 86_400;

    protected static string NewResponseId() => "resp_" + Guid.NewGuid().ToString("N");

    protected static StoredResponse NewResponse(string? id = null, long expiresIn = 3_600, byte[]? response = null, byte[]? context = null) => new()
    {
        Id = id ?? NewResponseId(),
        CreatedAt = ResponseBase,
        ExpiresAt = ResponseBase + expiresIn,
        Response = response ?? System.Text.Encoding.UTF8.GetBytes("""{"object":"response","output_text":"日本語 ünïcödé 🚀 \"q\""}"""),
        Context = context ?? System.Text.Encoding.UTF8.GetBytes("""{"input":[{"role":"user","content":"привет"}]}"""),
    };

    protected static void AssertResponse(StoredResponse expected, StoredResponse? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.True(expected.Response.AsSpan().SequenceEqual(actual.Response), "the response document differs");
        Assert.True(expected.Context.AsSpan().SequenceEqual(actual.Context), "the context document differs");
    }

    [Fact]
    public async Task A_stored_response_round_trips_byte_exact_including_unicode_and_a_1_MiB_document()
    {
        var a = await OpenAsync();
        var small = NewResponse();
        var big = new byte[1024 * 1024];
        new Random(42).NextBytes(big);
        var large = NewResponse(response: big, context: [.. System.Text.Encoding.UTF8.GetBytes("\u00e9 é \0"), 0, 255, 0x80]);
        await a.Responses.PutAsync(small, Ct);
        await a.Responses.PutAsync(large, Ct);

        var b = await OpenAsync();
        AssertResponse(small, await b.Responses.FindAsync(small.Id, ResponseBase, Ct));
        AssertResponse(large, await b.Responses.FindAsync(large.Id, ResponseBase + 3_599, Ct));
        Assert.Null(await b.Responses.FindAsync(NewResponseId(), ResponseBase, Ct));
    }

    [Fact]
    public async Task A_stored_response_is_replaced_by_id()
    {
        var a = await OpenAsync();
        var first = NewResponse(expiresIn: 100);
        await a.Responses.PutAsync(first, Ct);
        var second = first with { CreatedAt = ResponseBase + 5, ExpiresAt = ResponseBase + 500, Response = """{"v":2}"""u8.ToArray(), Context = "{}"u8.ToArray() };
        await a.Responses.PutAsync(second, Ct);

        AssertResponse(second, await a.Responses.FindAsync(first.Id, ResponseBase + 200, Ct));
        Assert.Equal(0, await a.Responses.PurgeExpiredAsync(ResponseBase + 200, Ct));
        AssertResponse(second, await a.Responses.FindAsync(first.Id, ResponseBase + 200, Ct));
    }

    [Fact]
    public async Task A_stored_response_is_not_found_at_or_after_its_expiry()
    {
        var a = await OpenAsync();
        var response = NewResponse(expiresIn: 60);
        await a.Responses.PutAsync(response, Ct);

        AssertResponse(response, await a.Responses.FindAsync(response.Id, response.ExpiresAt - 1, Ct));
        Assert.Null(await a.Responses.FindAsync(response.Id, response.ExpiresAt, Ct));
        Assert.Null(await a.Responses.FindAsync(response.Id, response.ExpiresAt + 1_000, Ct));
    }

    [Fact]
    public async Task Deleting_a_stored_response_is_true_once_then_false_and_an_expired_one_is_false()
    {
        var a = await OpenAsync();
        var live = NewResponse();
        var expired = NewResponse(expiresIn: 10);
        await a.Responses.PutAsync(live, Ct);
        await a.Responses.PutAsync(expired, Ct);

        Assert.True(await a.Responses.DeleteAsync(live.Id, ResponseBase, Ct));
        Assert.False(await a.Responses.DeleteAsync(live.Id, ResponseBase, Ct));
        Assert.Null(await a.Responses.FindAsync(live.Id, ResponseBase, Ct));

        Assert.False(await a.Responses.DeleteAsync(expired.Id, ResponseBase + 10, Ct));
        Assert.Null(await a.Responses.FindAsync(expired.Id, ResponseBase, Ct));
        Assert.Equal(0, await a.Responses.PurgeExpiredAsync(ResponseBase + 10, Ct));
    }

    [Fact]
    public async Task Purging_removes_only_the_expired_responses_and_counts_them()
    {
        var a = await OpenAsync();
        var expired = Enumerable.Range(1, 3).Select(i => NewResponse(expiresIn: i * 10)).ToList();
        var atNow = NewResponse(expiresIn: 100);
        var kept = Enumerable.Range(1, 2).Select(i => NewResponse(expiresIn: 100 + i)).ToList();
        foreach (var response in expired.Append(atNow).Concat(kept))
        {
            await a.Responses.PutAsync(response, Ct);
        }

        Assert.Equal(4, await a.Responses.PurgeExpiredAsync(ResponseBase + 100, Ct));
        foreach (var gone in expired.Append(atNow))
        {
            Assert.Null(await a.Responses.FindAsync(gone.Id, ResponseBase, Ct));
        }

        foreach (var response in kept)
        {
            AssertResponse(response, await a.Responses.FindAsync(response.Id, ResponseBase + 100, Ct));
        }

        Assert.Equal(0, await a.Responses.PurgeExpiredAsync(ResponseBase + 100, Ct));
        Assert.Equal(2, await a.Responses.PurgeExpiredAsync(ResponseBase + 1_000, Ct));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("resp_../../etc")]
    [InlineData("resp_../../etc/passwd")]
    [InlineData("resp_a/b")]
    [InlineData("resp_a\\b")]
    [InlineData("resp_.")]
    [InlineData("resp_")]
    [InlineData("resp_abc\n")]
    [InlineData("resp_abc.json")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("chatcmpl_0123456789abcdef")]
    [InlineData("resp_*")]
    public async Task An_invalid_response_id_is_never_found_deleted_or_stored(string id)
    {
        var a = await OpenAsync();
        await a.Responses.PutAsync(NewResponse(), Ct);

        Assert.Null(await a.Responses.FindAsync(id, ResponseBase, Ct));
        Assert.False(await a.Responses.DeleteAsync(id, ResponseBase, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => a.Responses.PutAsync(NewResponse(id), Ct));
    }

    [Fact]
    public async Task A_response_id_of_64_letters_and_digits_is_accepted_and_65_is_not()
    {
        var a = await OpenAsync();
        var longest = NewResponse("resp_" + new string('A', 32) + new string('9', 32));
        await a.Responses.PutAsync(longest, Ct);
        AssertResponse(longest, await a.Responses.FindAsync(longest.Id, ResponseBase, Ct));
        Assert.Null(await a.Responses.FindAsync(longest.Id + "0", ResponseBase, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => a.Responses.PutAsync(NewResponse(longest.Id + "0"), Ct));
    }

    private static void AssertTask(BatchTaskRecord expected, BatchTaskRecord actual)
    {
        Assert.Equal(expected with { Errors = [], Assets = [] }, actual with { Errors = [], Assets = [] });
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Assets, actual.Assets);
    }
}
