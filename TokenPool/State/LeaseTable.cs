namespace Grok2Api.TokenPool.State;

/// <summary>
/// The leases in flight: a slot array with a free list, so leasing allocates nothing once the
/// array has grown to the peak concurrency. Each slot carries a generation that changes when it is
/// released, which makes a second completion of the same lease a no-op even after the slot is
/// reused. Not thread-safe: used under <see cref="TokenPoolState.Gate"/>.
/// </summary>
internal sealed class LeaseTable
{
    private Slot[] _slots = new Slot[64];
    private int _used;
    private int _freeHead = -1;

    public int InFlight { get; private set; }

    /// <summary>Records a lease holding <paramref name="reserved"/> units of <paramref name="entry"/> for a request of <paramref name="cost"/>.</summary>
    public int Rent(TokenEntry entry, int reserved, int cost, out int generation)
    {
        int index;
        if (_freeHead >= 0)
        {
            index = _freeHead;
            _freeHead = _slots[index].NextFree;
        }
        else
        {
            if (_used == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            index = _used++;
        }

        ref var slot = ref _slots[index];
        slot.Entry = entry;
        slot.Reserved = reserved;
        slot.Cost = cost;
        generation = slot.Generation;
        InFlight++;
        return index;
    }

    public bool TryRelease(int index, int generation, out TokenEntry entry, out int reserved, out int cost)
    {
        if ((uint)index >= (uint)_used || _slots[index].Generation != generation || _slots[index].Entry is null)
        {
            entry = null!;
            reserved = 0;
            cost = 0;
            return false;
        }

        ref var slot = ref _slots[index];
        entry = slot.Entry!;
        reserved = slot.Reserved;
        cost = slot.Cost;
        slot.Entry = null;
        slot.Generation = unchecked(slot.Generation + 1);
        slot.NextFree = _freeHead;
        _freeHead = index;
        InFlight--;
        return true;
    }

    private struct Slot
    {
        public TokenEntry? Entry;
        public int Reserved;
        public int Cost;
        public int Generation;
        public int NextFree;
    }
}
