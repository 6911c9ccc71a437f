namespace Ksbb.Allocation.Solver;

/// <summary>
/// The arcs of a flow network as struct-of-arrays (endpoints, cost, capacity, flow and simplex state per arc), shared by
/// the network that lays them out and the simplex that pivots on them.
/// </summary>
internal sealed class ArcSet
{
    /// <summary>Creates <paramref name="count"/> arcs, all zero.</summary>
    public ArcSet(int count)
    {
        Source = new int[count];
        Target = new int[count];
        Cost = new long[count];
        Cap = new long[count];
        Flow = new long[count];
        State = new sbyte[count];
    }

    private ArcSet(ArcSet other)
    {
        Source = (int[])other.Source.Clone();
        Target = (int[])other.Target.Clone();
        Cost = (long[])other.Cost.Clone();
        Cap = (long[])other.Cap.Clone();
        Flow = (long[])other.Flow.Clone();
        State = (sbyte[])other.State.Clone();
    }

    public int[] Source { get; }

    public int[] Target { get; }

    public long[] Cost { get; }

    public long[] Cap { get; }

    public long[] Flow { get; }

    /// <summary>Gets the simplex state per arc: 1 at the lower bound, 0 in the tree, -1 at the upper bound.</summary>
    public sbyte[] State { get; }

    public int Count => Source.Length;

    /// <summary>Returns a deep copy.</summary>
    public ArcSet Clone() => new(this);

    /// <summary>Sets arc <paramref name="e"/>: from, to, cost and capacity, with flow 0 at its lower bound.</summary>
    public void Set(int e, int from, int to, long cost, long capacity)
    {
        Source[e] = from;
        Target[e] = to;
        Cost[e] = cost;
        Cap[e] = capacity;
        Flow[e] = 0;
        State[e] = 1;
    }
}
