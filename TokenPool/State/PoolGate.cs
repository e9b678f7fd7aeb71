using System.Diagnostics.CodeAnalysis;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// The token pool's lock (<see cref="TokenPoolState.Gate"/>): a re-entrant spin lock for critical
/// sections of a few hundred nanoseconds that never block, with a waiter that spins, then yields,
/// then sleeps a millisecond at a time (<see cref="SpinWait"/>).
/// </summary>
/// <remarks>
/// Why not <see cref="Lock"/>: a lease or a completion holds the pool for 0.1-0.4 µs. Under two
/// threads leasing at once, <see cref="Lock"/> fell from time to time into parking its waiters on a
/// futex, and stayed there for the rest of the process: each hand-over then cost a system call and
/// a context switch, several times the critical section (docs/adr/0021-token-pool-gate-spins.md has
/// the counts). A waiter here never parks in the kernel while the holder runs; a holder that was
/// descheduled, or a long admin query, costs the waiter yields and 1 ms sleeps, never a lost wake-up.
/// It is a struct, reached through a <c>ref</c> property, so that <c>lock (state.Gate)</c> does not
/// compile (a monitor on a boxed copy would exclude nothing); use
/// <c>using (state.Gate.EnterScope())</c>. Not for code that awaits or blocks while holding it.
/// </remarks>
internal struct PoolGate
{
    private int _held;
    private int _owner;
    private int _depth;

    /// <summary>Whether the calling thread holds the gate (for assertions).</summary>
    public readonly bool IsHeldByCurrentThread => Volatile.Read(in _owner) == Environment.CurrentManagedThreadId;

    /// <summary>Enters the gate; the returned scope leaves it when disposed.</summary>
    [UnscopedRef]
    public Scope EnterScope()
    {
        Enter();
        return new Scope(ref this);
    }

    /// <summary>Enters the gate, waiting for the holder if there is one; re-entry by the holder is counted.</summary>
    public void Enter()
    {
        var me = Environment.CurrentManagedThreadId;
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            // Only this thread can have written its own id here, so a racy read cannot be a false match.
            if (_owner == me)
            {
                _depth++;
                return;
            }

            WaitAndEnter();
        }

        _owner = me;
    }

    /// <summary>Leaves the gate (one level of re-entry).</summary>
    public void Exit()
    {
        if (_owner != Environment.CurrentManagedThreadId)
        {
            throw new SynchronizationLockException("The token pool's gate is not held by this thread.");
        }

        if (_depth > 0)
        {
            _depth--;
            return;
        }

        _owner = 0;
        // A release write: everything written under the gate is visible to the next holder.
        Volatile.Write(ref _held, 0);
    }

    private void WaitAndEnter()
    {
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce();
        }
        while (Volatile.Read(in _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }

    /// <summary>Holds the gate until disposed.</summary>
    public readonly ref struct Scope
    {
        private readonly ref PoolGate _gate;

        public Scope(ref PoolGate gate) => _gate = ref gate;

        public void Dispose() => _gate.Exit();
    }
}
