using System.Diagnostics;
using Grok2Api.TokenPool.State;

namespace Grok2Api.TokenPool.Tests.State;

/// <summary>
/// The token pool's spin lock: one holder at a time under contention, re-entry by the holder,
/// release on an exception, a clear error on a wrong exit, and a waiter behind a long hold.
/// Every wait is bounded (thread joins with a timeout).
/// </summary>
public sealed class PoolGateTests
{
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public void Enter_FromFourThreads_AdmitsOneHolderAtATime()
    {
        // Arrange: a plain counter, incremented non-atomically under the gate.
        const int Threads = 4;
        const int PerThread = 50_000;
        var holder = new Holder();
        var inside = 0;
        var overlaps = 0;
        long counter = 0;
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < PerThread; i++)
            {
                using (holder.Gate.EnterScope())
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    // Read, then write: two holders at once would lose increments.
                    var seen = counter;
                    Thread.SpinWait(i % 8);
                    counter = seen + 1;
                    Interlocked.Decrement(ref inside);
                }
            }
        })).ToArray();

        // Act
        foreach (var worker in workers)
        {
            worker.Start();
        }

        start.Set();
        foreach (var worker in workers)
        {
            Assert.True(worker.Join(JoinLimit), "A thread did not finish within the limit.");
        }

        // Assert
        Assert.Equal(0, overlaps);
        Assert.Equal(Threads * PerThread, counter);
        Assert.False(holder.Gate.IsHeldByCurrentThread);
    }

    [Fact]
    public void Enter_ByTheHolder_IsCountedAndNeedsAsManyExits()
    {
        // Arrange
        var holder = new Holder();
        holder.Gate.Enter();
        holder.Gate.Enter();
        using var entered = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (holder.Gate.EnterScope())
            {
                entered.Set();
            }
        });

        // Act + Assert: the other thread waits until the second exit.
        other.Start();
        Assert.True(holder.Gate.IsHeldByCurrentThread);
        holder.Gate.Exit();
        Assert.True(holder.Gate.IsHeldByCurrentThread);
        Assert.False(entered.Wait(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken), "The gate let a second thread in while re-entered.");
        holder.Gate.Exit();
        Assert.False(holder.Gate.IsHeldByCurrentThread);
        Assert.True(entered.Wait(JoinLimit, TestContext.Current.CancellationToken), "The waiting thread never entered.");
        Assert.True(other.Join(JoinLimit));
    }

    [Fact]
    public void IsHeldByCurrentThread_OnAnotherThread_IsFalse()
    {
        var holder = new Holder();
        var seenElsewhere = true;
        using (holder.Gate.EnterScope())
        {
            var other = new Thread(() => seenElsewhere = holder.Gate.IsHeldByCurrentThread);
            other.Start();
            Assert.True(other.Join(JoinLimit));
            Assert.True(holder.Gate.IsHeldByCurrentThread);
        }

        Assert.False(seenElsewhere);
        Assert.False(holder.Gate.IsHeldByCurrentThread);
    }

    [Fact]
    public void Scope_WhenTheBodyThrows_LeavesTheGate()
    {
        // Arrange
        var holder = new Holder();

        void ThrowInside()
        {
            using (holder.Gate.EnterScope())
            {
                throw new InvalidOperationException("inside the gate");
            }
        }

        // Act
        Assert.Throws<InvalidOperationException>(ThrowInside);

        // Assert: another thread gets in at once.
        var other = new Thread(() =>
        {
            using (holder.Gate.EnterScope())
            {
            }
        });
        other.Start();
        Assert.True(other.Join(JoinLimit), "The gate stayed held after the exception.");
    }

    [Fact]
    public void Exit_WithoutHolding_ThrowsAndLeavesTheGateUsable()
    {
        // Arrange
        var holder = new Holder();
        using (holder.Gate.EnterScope())
        {
            Exception? thrown = null;
            var wrongExit = new Thread(() =>
            {
                try
                {
                    holder.Gate.Exit();
                }
                catch (SynchronizationLockException e)
                {
                    thrown = e;
                }
            });

            // Act: a thread that does not hold the gate tries to leave it.
            wrongExit.Start();
            Assert.True(wrongExit.Join(JoinLimit));

            // Assert: refused, and still held by this thread.
            Assert.NotNull(thrown);
            Assert.True(holder.Gate.IsHeldByCurrentThread);
        }

        Assert.Throws<SynchronizationLockException>(() => holder.Gate.Exit());
        using (holder.Gate.EnterScope())
        {
            Assert.True(holder.Gate.IsHeldByCurrentThread);
        }
    }

    [Fact]
    public void Enter_BehindALongHold_EntersSoonAfterTheRelease()
    {
        // Arrange: the gate held for 300 ms, as a long admin query might hold the pool.
        var holder = new Holder();
        var clock = Stopwatch.StartNew();
        long releasedAt = 0;
        long enteredAt = 0;
        using var waiting = new ManualResetEventSlim();
        var waiter = new Thread(() =>
        {
            waiting.Set();
            using (holder.Gate.EnterScope())
            {
                enteredAt = clock.ElapsedTicks;
            }
        });

        // Act
        using (holder.Gate.EnterScope())
        {
            waiter.Start();
            Assert.True(waiting.Wait(JoinLimit, TestContext.Current.CancellationToken));
            Thread.Sleep(300);
            releasedAt = clock.ElapsedTicks;
        }

        // Assert: not before the release, and within a second after it (the waiter sleeps 1 ms at a time at most).
        Assert.True(waiter.Join(JoinLimit));
        Assert.True(enteredAt >= releasedAt, "The waiter entered while the gate was held.");
        Assert.True(TimeSpan.FromTicks((enteredAt - releasedAt) * TimeSpan.TicksPerSecond / Stopwatch.Frequency) < TimeSpan.FromSeconds(1));
    }

    private sealed class Holder
    {
        public PoolGate Gate;
    }
}
