using System.Globalization;
using System.Text.Json;

namespace Ksbb.SampleData;

/// <summary>
/// Deterministic synthetic allocation problems as <c>ksbb.allocation-problem/1</c> JSON: the full city (30,017 RT units),
/// a national-scale one (1,000,000 RT units) and small random ones.
/// </summary>
/// <remarks>
/// Units are RTs with region codes nested kota → kecamatan → kelurahan → RW → RT, placed around plausible centres
/// (Jakarta's five mainland kota for the city). Pledges name areas at kota, kecamatan, kelurahan or RW level, or go via
/// aggregators. The JSON is plain data, so this project needs no reference to the allocation library. The same seed
/// always gives the same bytes.
/// </remarks>
public static class AllocationInstances
{
    private static readonly (int Code, double Lon, double Lat)[] JakartaKota =
    [
        (71, 106.830, -6.180), // Jakarta Pusat
        (72, 106.880, -6.120), // Jakarta Utara
        (73, 106.750, -6.165), // Jakarta Barat
        (74, 106.810, -6.270), // Jakarta Selatan
        (75, 106.900, -6.230), // Jakarta Timur
    ];

    private static readonly int[] Provinces = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61];

    /// <summary>The full-city instance: 30,017 RT units (about 510,000 need), 2,000 pledges (30% via 5 aggregators).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] FullCity(int seed = SampleSeed.Default) => ToBytes(s => WriteFullCity(s, seed));

    /// <summary>A city-shaped instance scaled down: about <paramref name="rtCount"/> RT units and <paramref name="pledges"/> pledges.</summary>
    /// <param name="rtCount">The number of RT units, ≥ 1.</param>
    /// <param name="pledges">The number of pledges.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] City(int rtCount, int pledges, int seed = SampleSeed.Default) => ToBytes(s => WriteCity(s, rtCount, pledges, seed));

    /// <summary>Writes the full-city instance.</summary>
    /// <param name="utf8Json">The destination; left open.</param>
    /// <param name="seed">The seed.</param>
    public static void WriteFullCity(Stream utf8Json, int seed = SampleSeed.Default) => WriteCity(utf8Json, 30_017, 2_000, seed);

    /// <summary>Writes the national-scale instance: 1,000,000 RT units in 20 provinces (about 17 million need), 50,000 pledges, 100 aggregators.</summary>
    /// <param name="utf8Json">The destination; left open.</param>
    /// <param name="seed">The seed.</param>
    /// <remarks>Every pledge and aggregator stays inside one province, as real programmes do.</remarks>
    public static void WriteNational(Stream utf8Json, int seed = SampleSeed.Default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        var random = new Random(seed);
        var tree = new List<Area>();
        var units = new List<Unit>(1_000_000);
        foreach (var province in Provinces)
        {
            var pLon = 96 + (random.NextDouble() * 44);
            var pLat = -9 + (random.NextDouble() * 13);
            for (var kota = 71; kota <= 75; kota++)
            {
                var kotaCode = F($"{province:D2}.{kota:D2}");
                var (kLon, kLat) = Jitter(random, pLon, pLat, 0.5);
                AddSubtree(random, tree, units, kotaCode, kLon, kLat, kecamatan: 10, kelurahan: 10, rw: 10, rtPerRw: static _ => 10, spread: [0.15, 0.04, 0.01, 0.003]);
            }
        }

        var kotas = tree.Where(a => a.Level == 2).ToList();
        var aggregators = new List<(string Id, double Lon, double Lat, long Capacity, string[] Areas)>();
        for (var a = 0; a < 100; a++)
        {
            var kota = kotas[a % kotas.Count];
            var (lon, lat) = Jitter(random, kota.Lon, kota.Lat, 0.05);
            aggregators.Add(($"agg-{a + 1}", lon, lat, random.Next(20_000, 45_000), [kota.Code]));
        }

        var pledges = new List<PledgeSpec>();
        var byLevel = tree.GroupBy(a => a.Level).ToDictionary(g => g.Key, g => g.ToList());
        for (var o = 0; o < 50_000; o++)
        {
            var roll = random.NextDouble();
            var id = F($"o-{o + 1}");
            var collaborator = F($"c-{random.Next(1, 5_001)}");
            if (roll < 0.15)
            {
                pledges.Add(new PledgeSpec(id, collaborator, random.Next(200, 601), aggregators[random.Next(aggregators.Count)].Id, null, []));
                continue;
            }

            var (level, quantity) = roll < 0.30 ? (3, random.Next(400, 1_601)) : roll < 0.75 ? (4, random.Next(100, 301)) : (5, random.Next(40, 121));
            var area = byLevel[level][random.Next(byLevel[level].Count)];
            var origin = Jitter(random, area.Lon, area.Lat, 0.02);
            pledges.Add(new PledgeSpec(id, collaborator, quantity, null, origin, [area.Code]));
        }

        Write(utf8Json, units, aggregators, pledges);
    }

    private static void WriteCity(Stream utf8Json, int rtCount, int pledgeCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentOutOfRangeException.ThrowIfLessThan(rtCount, 1);
        var random = new Random(seed);

        // 44 kecamatan, 6 kelurahan each (264), 10 RW each (2,640): RT counts per RW drawn around the mean, then
        // adjusted so that the total is exactly rtCount.
        const int KecamatanCount = 44;
        var rwCount = KecamatanCount * 6 * 10;
        var rtPerRw = new int[rwCount];
        var mean = Math.Max(1, rtCount / rwCount);
        for (var i = 0; i < rwCount; i++)
        {
            rtPerRw[i] = Math.Max(1, mean + random.Next(-mean / 2, (mean / 2) + 1));
        }

        var total = rtPerRw.Sum();
        while (total != rtCount)
        {
            var i = random.Next(rwCount);
            if (total < rtCount && rtPerRw[i] < 999)
            {
                rtPerRw[i]++;
                total++;
            }
            else if (total > rtCount && rtPerRw[i] > (rtCount < rwCount ? 0 : 1))
            {
                rtPerRw[i]--;
                total--;
            }
        }

        var tree = new List<Area>();
        var units = new List<Unit>(rtCount);
        var rwIndex = 0;
        for (var k = 0; k < JakartaKota.Length; k++)
        {
            var (code, lon, lat) = JakartaKota[k];
            var kecamatanHere = (KecamatanCount / JakartaKota.Length) + (k < KecamatanCount % JakartaKota.Length ? 1 : 0);
            AddSubtree(random, tree, units, F($"31.{code:D2}"), lon, lat, kecamatanHere, kelurahan: 6, rw: 10, rtPerRw: _ => rtPerRw[rwIndex++], spread: [0.035, 0.012, 0.004, 0.0012]);
        }

        var byLevel = tree.GroupBy(a => a.Level).ToDictionary(g => g.Key, g => g.ToList());
        var kecamatan = byLevel[3];
        var scale = rtCount / 30_017.0;
        var aggregators = new List<(string Id, double Lon, double Lat, long Capacity, string[] Areas)>();
        for (var a = 0; a < 5; a++)
        {
            // Each aggregator serves three kecamatan (one of them in the next kota), so the city forms one network.
            var areas = new[] { kecamatan[(a * 9) % kecamatan.Count], kecamatan[((a * 9) + 4) % kecamatan.Count], kecamatan[((a * 9) + 9) % kecamatan.Count] };
            var (lon, lat) = Jitter(random, areas[0].Lon, areas[0].Lat, 0.01);
            aggregators.Add(($"agg-{a + 1}", lon, lat, (long)Math.Max(1, random.Next(12_000, 25_000) * scale), [.. areas.Select(x => x.Code)]));
        }

        var pledges = new List<PledgeSpec>();
        for (var o = 0; o < pledgeCount; o++)
        {
            var roll = random.NextDouble();
            var id = F($"o-{o + 1}");
            var collaborator = F($"c-{random.Next(1, 223)}");
            if (roll < 0.30)
            {
                pledges.Add(new PledgeSpec(id, collaborator, Scaled(random.Next(50, 251)), aggregators[random.Next(aggregators.Count)].Id, null, []));
                continue;
            }

            var (level, quantity) = roll < 0.37 ? (2, random.Next(500, 2_001))
                : roll < 0.545 ? (3, random.Next(150, 751))
                : roll < 0.79 ? (4, random.Next(50, 251))
                : (5, random.Next(20, 81));
            var list = byLevel[level];
            var area = list[random.Next(list.Count)];
            var origin = Jitter(random, area.Lon, area.Lat, level <= 3 ? 0.02 : 0.006);
            pledges.Add(new PledgeSpec(id, collaborator, Scaled(quantity), null, origin, [area.Code]));
        }

        Write(utf8Json, units, aggregators, pledges);

        // Supply follows need: fewer units or more pledges mean smaller pledges.
        long Scaled(int quantity) => Math.Max(1, (long)Math.Round(quantity * scale * 2_000 / Math.Max(pledgeCount, 1)));
    }

    private static void AddSubtree(Random random, List<Area> tree, List<Unit> units, string kotaCode, double lon, double lat, int kecamatan, int kelurahan, int rw, Func<int, int> rtPerRw, double[] spread)
    {
        tree.Add(new Area(kotaCode, 2, lon, lat));
        for (var kc = 1; kc <= kecamatan; kc++)
        {
            var kecCode = F($"{kotaCode}.{kc:D2}");
            var (kcLon, kcLat) = Jitter(random, lon, lat, spread[0]);
            tree.Add(new Area(kecCode, 3, kcLon, kcLat));
            for (var kl = 1; kl <= kelurahan; kl++)
            {
                var kelCode = F($"{kecCode}.{1000 + kl:D4}");
                var (klLon, klLat) = Jitter(random, kcLon, kcLat, spread[1]);
                tree.Add(new Area(kelCode, 4, klLon, klLat));
                for (var w = 1; w <= rw; w++)
                {
                    var rwCode = F($"{kelCode}.{w:D3}");
                    var (wLon, wLat) = Jitter(random, klLon, klLat, spread[2]);
                    tree.Add(new Area(rwCode, 5, wLon, wLat));
                    var rts = rtPerRw(w);
                    for (var t = 1; t <= rts; t++)
                    {
                        var (tLon, tLat) = Jitter(random, wLon, wLat, spread[3]);
                        // About 17 per RT on average; a few RTs have no open need.
                        var need = random.Next(33) == 0 ? 0 : random.Next(3, 32);
                        units.Add(new Unit(F($"{rwCode}.{t:D3}"), need, tLon, tLat));
                    }
                }
            }
        }
    }

    private static (double Lon, double Lat) Jitter(Random random, double lon, double lat, double spread) =>
        (lon + ((random.NextDouble() - 0.5) * 2 * spread), lat + ((random.NextDouble() - 0.5) * 2 * spread));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static byte[] ToBytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    private static void Write(Stream stream, List<Unit> units, List<(string Id, double Lon, double Lat, long Capacity, string[] Areas)> aggregators, List<PledgeSpec> pledges)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("schema", "ksbb.allocation-problem/1");
        w.WriteString("item", "pangan.paket-sembako");
        w.WriteStartObject("policy");
        w.WriteNumber("fairnessWeight", 1000);
        w.WriteNumber("fillRateTiers", 100);
        w.WriteEndObject();
        w.WriteStartArray("units");
        foreach (var u in units)
        {
            w.WriteStartObject();
            w.WriteString("code", u.Code);
            w.WriteNumber("need", u.Need);
            WritePosition(w, "location", u.Lon, u.Lat);
            w.WriteEndObject();
            if (w.BytesPending > 1 << 16)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("aggregators");
        foreach (var a in aggregators)
        {
            w.WriteStartObject();
            w.WriteString("id", a.Id);
            WritePosition(w, "depot", a.Lon, a.Lat);
            w.WriteNumber("capacity", a.Capacity);
            w.WriteStartArray("serviceAreas");
            foreach (var area in a.Areas)
            {
                w.WriteStringValue(area);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("offers");
        foreach (var o in pledges)
        {
            w.WriteStartObject();
            w.WriteString("id", o.Id);
            w.WriteString("collaborator", o.Collaborator);
            w.WriteNumber("quantity", o.Quantity);
            if (o.Via is not null)
            {
                w.WriteString("via", o.Via);
            }
            else
            {
                WritePosition(w, "origin", o.Origin!.Value.Lon, o.Origin.Value.Lat);
                w.WriteStartArray("areas");
                foreach (var area in o.Areas)
                {
                    w.WriteStringValue(area);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (w.BytesPending > 1 << 16)
            {
                w.Flush();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
    }

    private static void WritePosition(Utf8JsonWriter w, string name, double lon, double lat)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(Math.Round(lon, 6));
        w.WriteNumberValue(Math.Round(lat, 6));
        w.WriteEndArray();
    }

    private sealed record Area(string Code, int Level, double Lon, double Lat);

    private sealed record Unit(string Code, int Need, double Lon, double Lat);

    private sealed record PledgeSpec(string Id, string Collaborator, long Quantity, string? Via, (double Lon, double Lat)? Origin, string[] Areas);
}
