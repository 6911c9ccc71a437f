namespace Ksbb.Allocation.Solver;

/// <summary>
/// Turns the flows of a network's sources into allocation lines: a direct pledge's flow is its own line; an aggregator's
/// flow to each unit is split over its via pledges in input order (first pledge first), which never exceeds a pledge's
/// quantity because the aggregator sends at most their sum. Shared by the engine's network and the online network.
/// </summary>
internal sealed class LineCollector
{
    private readonly AllocationProblem _problem;
    private readonly List<int>[] _viaPledges;
    private readonly int[]? _pledgeMap;
    private readonly int[]? _aggregatorMap;
    private readonly List<AllocationResult.Line> _lines;
    private readonly long[] _received;
    private readonly long[] _pledgeSent;
    private readonly long[] _aggregatorSent;
    private int _pledge;
    private List<int>? _via;
    private int _aggregator;
    private int _viaCursor;
    private long _viaLeft;

    /// <param name="problem">The problem whose pledge and aggregator indexes the sources use.</param>
    /// <param name="map">Translates them (and the caller's unit indexes) to a larger problem's, or <see langword="null"/>.</param>
    /// <param name="lines">Receives the lines.</param>
    /// <param name="received">Receives the quantity per unit.</param>
    /// <param name="pledgeSent">Receives the quantity per pledge.</param>
    /// <param name="aggregatorSent">Receives the quantity per aggregator.</param>
    public LineCollector(AllocationProblem problem, ComponentMap? map, List<AllocationResult.Line> lines, long[] received, long[] pledgeSent, long[] aggregatorSent)
    {
        _problem = problem;
        _pledgeMap = map?.Pledges;
        _aggregatorMap = map?.Aggregators;
        _lines = lines;
        _received = received;
        _pledgeSent = pledgeSent;
        _aggregatorSent = aggregatorSent;

        // Via pledges of each aggregator, in input order.
        _viaPledges = new List<int>[problem.Aggregators.Count];
        for (var a = 0; a < _viaPledges.Length; a++)
        {
            _viaPledges[a] = [];
        }

        for (var o = 0; o < problem.Pledges.Count; o++)
        {
            if (problem.Pledges[o].ViaAggregator is { } via)
            {
                _viaPledges[problem.IndexOfAggregator(via)].Add(o);
            }
        }
    }

    /// <summary>Starts the flows of a source: a direct pledge (<paramref name="aggregator"/> -1) or an aggregator.</summary>
    public void BeginSource(int pledge, int aggregator)
    {
        _pledge = pledge;
        _aggregator = aggregator;
        _via = aggregator >= 0 ? _viaPledges[aggregator] : null;
        _viaCursor = 0;
        _viaLeft = _via is { Count: > 0 } ? _problem.Pledges[_via[0]].Quantity : 0;
    }

    /// <summary>Adds the current source's flow <paramref name="f"/> &gt; 0 to a unit (already translated) at a distance.</summary>
    public void Add(int unit, long f, long distance)
    {
        _received[unit] += f;
        if (_via is null)
        {
            var pledge = Map(_pledgeMap, _pledge);
            _lines.Add(new AllocationResult.Line(pledge, unit, f, distance));
            _pledgeSent[pledge] += f;
            return;
        }

        _aggregatorSent[Map(_aggregatorMap, _aggregator)] += f;
        while (f > 0)
        {
            var take = Math.Min(f, _viaLeft);
            if (take > 0)
            {
                var pledge = Map(_pledgeMap, _via[_viaCursor]);
                _lines.Add(new AllocationResult.Line(pledge, unit, take, distance));
                _pledgeSent[pledge] += take;
                f -= take;
                _viaLeft -= take;
            }

            if (_viaLeft == 0 && _viaCursor + 1 < _via.Count)
            {
                _viaCursor++;
                _viaLeft = _problem.Pledges[_via[_viaCursor]].Quantity;
            }
            else if (_viaLeft == 0 && f > 0)
            {
                throw new InvalidOperationException("An aggregator sent more than its via offers hold; this is a bug.");
            }
        }
    }

    private static int Map(int[]? to, int local) => to is null ? local : to[local];
}
