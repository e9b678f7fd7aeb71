namespace Grok2Api.Simulator.Accounts;

/// <summary>
/// Per-token quota state of the simulated grok.com accounts. Thread-safe. An unknown token gets a
/// fresh account with the default quota on first use, unless the simulator only accepts known tokens.
/// </summary>
public sealed class AccountRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly SimulatorOptions _options;

    internal AccountRegistry(SimulatorOptions options)
    {
        _options = options;
        Reset();
    }

    /// <summary>
    /// Creates or updates an account. Omitted values keep their current value (or the defaults for a
    /// new account). Setting <paramref name="remaining"/> below the total starts a new window now.
    /// </summary>
    public AccountSnapshot Set(string token, int? remaining = null, int? total = null, int? windowSizeSeconds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        lock (_lock)
        {
            var account = GetOrCreateLocked(token);
            if (total is { } t)
            {
                account.Total = t;
            }

            if (windowSizeSeconds is { } w)
            {
                account.WindowSizeSeconds = w;
            }

            if (remaining is { } r)
            {
                account.Remaining = r;
                account.WindowStart = r < account.Total ? _options.TimeProvider.GetUtcNow() : null;
            }

            return account.ToSnapshot();
        }
    }

    /// <summary>Adds accounts with the default quota (existing ones are left alone).</summary>
    public void Add(params string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        lock (_lock)
        {
            foreach (var token in tokens)
            {
                GetOrCreateLocked(token);
            }
        }
    }

    /// <summary>The account's current state, or null when the token has never been seen.</summary>
    public AccountSnapshot? Get(string token)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(token, out var account))
            {
                return null;
            }

            account.RefillIfWindowEnded(_options.TimeProvider.GetUtcNow());
            return account.ToSnapshot();
        }
    }

    /// <summary>Whether the token is known (configured, set, or seen while unknown tokens are accepted).</summary>
    public bool IsKnown(string token)
    {
        lock (_lock)
        {
            return _accounts.ContainsKey(token);
        }
    }

    /// <summary>Every account, in no particular order.</summary>
    public IReadOnlyList<AccountSnapshot> All()
    {
        lock (_lock)
        {
            var now = _options.TimeProvider.GetUtcNow();
            return _accounts.Values.Select(a =>
            {
                a.RefillIfWindowEnded(now);
                return a.ToSnapshot();
            }).ToList();
        }
    }

    /// <summary>Forgets every account and re-adds <see cref="SimulatorOptions.Tokens"/>.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _accounts.Clear();
            foreach (var token in _options.Tokens)
            {
                GetOrCreateLocked(token);
            }
        }
    }

    /// <summary>Current state, creating the account when needed (used by the endpoints).</summary>
    internal AccountSnapshot Touch(string token)
    {
        lock (_lock)
        {
            var account = GetOrCreateLocked(token);
            account.RefillIfWindowEnded(_options.TimeProvider.GetUtcNow());
            return account.ToSnapshot();
        }
    }

    /// <summary>
    /// Takes <paramref name="cost"/> units when the account has any left (the last query may overdraw,
    /// clamping at zero). Returns false when the account is already at zero.
    /// </summary>
    internal bool TryConsume(string token, int cost)
    {
        lock (_lock)
        {
            var account = GetOrCreateLocked(token);
            var now = _options.TimeProvider.GetUtcNow();
            account.RefillIfWindowEnded(now);
            if (account.Remaining <= 0)
            {
                return false;
            }

            account.Remaining = Math.Max(0, account.Remaining - cost);
            account.WindowStart ??= now;
            return true;
        }
    }

    private Account GetOrCreateLocked(string token)
    {
        if (!_accounts.TryGetValue(token, out var account))
        {
            account = new Account(token, _options.DefaultQuota, _options.DefaultQuota, _options.WindowSizeSeconds);
            _accounts[token] = account;
        }

        return account;
    }
}
