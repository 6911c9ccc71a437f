namespace Ksbb.Allocation.Solver;

/// <summary>
/// Turns the flows of a network's sources into allocation lines: a direct offer's flow is its own line; an aggregator's
/// flow to each unit is split over its via offers in input order (first offer first), which never exceeds an offer's
/// quantity because the aggregator sends at most their sum. Shared by the engine's network and the online network.
/// </summary>
internal sealed class LineCollector
{
    private readonly AllocationProblem _problem;
    private readonly List<int>[] _viaOffers;
    private readonly int[]? _offerMap;
    private readonly int[]? _aggregatorMap;
    private readonly List<AllocationResult.Line> _lines;
    private readonly long[] _received;
    private readonly long[] _offerSent;
    private readonly long[] _aggregatorSent;
    private int _offer;
    private List<int>? _via;
    private int _aggregator;
    private int _viaCursor;
    private long _viaLeft;

    /// <param name="problem">The problem whose offer and aggregator indexes the sources use.</param>
    /// <param name="map">Translates them (and the caller's unit indexes) to a larger problem's, or <see langword="null"/>.</param>
    /// <param name="lines">Receives the lines.</param>
    /// <param name="received">Receives the quantity per unit.</param>
    /// <param name="offerSent">Receives the quantity per offer.</param>
    /// <param name="aggregatorSent">Receives the quantity per aggregator.</param>
    public LineCollector(AllocationProblem problem, ComponentMap? map, List<AllocationResult.Line> lines, long[] received, long[] offerSent, long[] aggregatorSent)
    {
        _problem = problem;
        _offerMap = map?.Offers;
        _aggregatorMap = map?.Aggregators;
        _lines = lines;
        _received = received;
        _offerSent = offerSent;
        _aggregatorSent = aggregatorSent;

        // Via offers of each aggregator, in input order.
        _viaOffers = new List<int>[problem.Aggregators.Count];
        for (var a = 0; a < _viaOffers.Length; a++)
        {
            _viaOffers[a] = [];
        }

        for (var o = 0; o < problem.Offers.Count; o++)
        {
            if (problem.Offers[o].ViaAggregator is { } via)
            {
                _viaOffers[problem.IndexOfAggregator(via)].Add(o);
            }
        }
    }

    /// <summary>Starts the flows of a source: a direct offer (<paramref name="aggregator"/> -1) or an aggregator.</summary>
    public void BeginSource(int offer, int aggregator)
    {
        _offer = offer;
        _aggregator = aggregator;
        _via = aggregator >= 0 ? _viaOffers[aggregator] : null;
        _viaCursor = 0;
        _viaLeft = _via is { Count: > 0 } ? _problem.Offers[_via[0]].Quantity : 0;
    }

    /// <summary>Adds the current source's flow <paramref name="f"/> &gt; 0 to a unit (already translated) at a distance.</summary>
    public void Add(int unit, long f, long distance)
    {
        _received[unit] += f;
        if (_via is null)
        {
            var offer = Map(_offerMap, _offer);
            _lines.Add(new AllocationResult.Line(offer, unit, f, distance));
            _offerSent[offer] += f;
            return;
        }

        _aggregatorSent[Map(_aggregatorMap, _aggregator)] += f;
        while (f > 0)
        {
            var take = Math.Min(f, _viaLeft);
            if (take > 0)
            {
                var offer = Map(_offerMap, _via[_viaCursor]);
                _lines.Add(new AllocationResult.Line(offer, unit, take, distance));
                _offerSent[offer] += take;
                f -= take;
                _viaLeft -= take;
            }

            if (_viaLeft == 0 && _viaCursor + 1 < _via.Count)
            {
                _viaCursor++;
                _viaLeft = _problem.Offers[_via[_viaCursor]].Quantity;
            }
            else if (_viaLeft == 0 && f > 0)
            {
                throw new InvalidOperationException("An aggregator sent more than its via offers hold; this is a bug.");
            }
        }
    }

    private static int Map(int[]? to, int local) => to is null ? local : to[local];
}
