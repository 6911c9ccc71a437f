using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using Ksbb.Model.Regions;
using NodaTime;
using Ksbb.Model.Time;

namespace Ksbb.SampleData;

/// <summary>A step of <see cref="SampleGenerator.Generate"/>, for progress displays.</summary>
/// <param name="Stage">What is being generated ("city", "collaborators", "needs", "offers").</param>
/// <param name="Completed">How many of the four stages are done.</param>
/// <param name="Total">The number of stages (4).</param>
public sealed record SampleProgress(string Stage, int Completed, int Total);

/// <summary>Generates the deterministic synthetic data set of the demo, tests and benchmarks.</summary>
/// <remarks>
/// <para>
/// Every figure comes from a <see cref="Random"/> seeded from the seed and the stage, so the same seed gives the same
/// data on every machine, and changing one stage does not move the others. Generation takes well under a second.
/// </para>
/// <para>What is real: the 6 kota codes and names and the per-kota counts of kecamatan (2/8/6/8/10/10) and kelurahan
/// (6/44/31/56/65/65), the collaborator mix of 26 November 2020 and the 1,208 devices collected. Everything else
/// (names below kota, rectangles, RW/RT counts, needs, pledges) is synthetic but of plausible size.</para>
/// </remarks>
public static class SampleGenerator
{
    /// <summary>The period of the food, UMKM and settlement needs and pledges: November 2020.</summary>
    public static readonly DistributionPeriod November2020 = DistributionPeriod.ForMonth(2020, 11);

    /// <summary>The period of the education needs and pledges: December 2020, after the 26 November launch.</summary>
    public static readonly DistributionPeriod December2020 = DistributionPeriod.ForMonth(2020, 12);

    internal static readonly ItemCode PaketSembako = ItemCode.Parse("pangan.paket-sembako");
    internal static readonly ItemCode Smartphone = ItemCode.Parse("pendidikan.smartphone");
    internal static readonly ItemCode Tablet = ItemCode.Parse("pendidikan.tablet");
    internal static readonly ItemCode Komputer = ItemCode.Parse("pendidikan.komputer");
    internal static readonly ItemCode Laptop = ItemCode.Parse("pendidikan.laptop");
    internal static readonly ItemCode[] DeviceItems = [Smartphone, Tablet, Komputer, Laptop];
    internal static readonly ItemCode[] UmkmItems = [.. new[] { "pelatihan-online", "pelatihan-offline", "sarana-prasarana", "permodalan" }.Select(i => ItemCode.Create("umkm", i))];
    internal static readonly ItemCode[] PermukimanItems = [.. new[] { "penghijauan", "sanitasi", "sarana" }.Select(i => ItemCode.Create("permukiman", i))];

    private static readonly (string Code, string Name, int Kecamatan, int Kelurahan, BoundingBox Box)[] KotaTable =
    [
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", 2, 6, SampleCity.SeribuBounds),
        ("31.71", "Kota Administrasi Jakarta Pusat", 8, 44, new(106.78, -6.24, 106.87, -6.16)),
        ("31.72", "Kota Administrasi Jakarta Utara", 6, 31, new(106.68, -6.16, 106.98, -6.09)),
        ("31.73", "Kota Administrasi Jakarta Barat", 8, 56, new(106.68, -6.24, 106.78, -6.16)),
        ("31.74", "Kota Administrasi Jakarta Selatan", 10, 65, new(106.68, -6.37, 106.87, -6.24)),
        ("31.75", "Kota Administrasi Jakarta Timur", 10, 65, new(106.87, -6.37, 106.98, -6.16)),
    ];

    /// <summary>The collaborator mix of 26 November 2020: 35 + 103 + 18 + (19 LSM + 14 OMS + 6 UN + 14 universities = 53) + 13 = 222.</summary>
    private static readonly (CollaboratorCategory Category, CollaboratorSubKind SubKind, int Count)[] CollaboratorMix =
    [
        (CollaboratorCategory.Perorangan, CollaboratorSubKind.None, 35),
        (CollaboratorCategory.LembagaUsaha, CollaboratorSubKind.None, 103),
        (CollaboratorCategory.LembagaPemerintah, CollaboratorSubKind.None, 18),
        (CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.Lsm, 19),
        (CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.Oms, 14),
        (CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.BadanPbb, 6),
        (CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.Universitas, 14),
        (CollaboratorCategory.LuarNegeri, CollaboratorSubKind.None, 13),
    ];

    /// <summary>Generates the whole data set.</summary>
    /// <param name="seed">The seed; <see cref="SampleSeed.Default"/> gives the demo's data.</param>
    /// <param name="progress">Receives a report after each stage, if given.</param>
    /// <returns>The data set.</returns>
    public static SampleDataSet Generate(int seed = SampleSeed.Default, IProgress<SampleProgress>? progress = null)
    {
        const int Stages = 4;
        var city = GenerateCity(seed);
        progress?.Report(new SampleProgress("city", 1, Stages));
        var collaborators = GenerateCollaborators(seed);
        progress?.Report(new SampleProgress("collaborators", 2, Stages));
        var cap = GenerateCap2019(city, seed);
        var needs = GenerateNeeds(city, cap, seed);
        progress?.Report(new SampleProgress("needs", 3, Stages));
        var aggregators = GenerateAggregators(city, seed);
        var pledges = GeneratePledges(city, collaborators, aggregators, seed);
        progress?.Report(new SampleProgress("offers", 4, Stages));
        return new SampleDataSet(seed, city, ProgrammeCatalog.Default, cap, collaborators, aggregators, needs, pledges);
    }

    /// <summary>Generates the city only.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>The city.</returns>
    public static SampleCity GenerateCity(int seed = SampleSeed.Default)
    {
        var random = new Random(Mix(seed, 1));
        var names = UniqueNames(random);
        var provinsi = RegionCode.Parse("31");
        var raw = new List<(Region Region, BoundingBox Box, int Households)>
        {
            (Region.Create(provinsi, "Daerah Khusus Ibukota Jakarta"), new BoundingBox(SampleCity.SeribuBounds.West, SampleCity.MainlandBounds.South, SampleCity.MainlandBounds.East, SampleCity.SeribuBounds.North), 0),
        };
        foreach (var (kotaCode, kotaName, kecamatanCount, kelurahanCount, kotaBox) in KotaTable)
        {
            var kota = RegionCode.Parse(kotaCode);
            var seribu = kota.Kota == 1;
            raw.Add((Region.Create(kota, kotaName), kotaBox, 0));
            var perKecamatan = Partition(random, kelurahanCount, kecamatanCount, 1);
            var kecamatanBoxes = kotaBox.Split(Weights(random, perKecamatan.Select(n => (double)n)));
            for (var k = 0; k < kecamatanCount; k++)
            {
                var kecamatan = RegionCode.Parse($"{kotaCode}.{k + 1:D2}");
                raw.Add((Region.Create(kecamatan, names.Next()), kecamatanBoxes[k], 0));
                var kelurahanBoxes = kecamatanBoxes[k].Split(Weights(random, Enumerable.Repeat(1.0, perKecamatan[k])));
                for (var l = 0; l < perKecamatan[k]; l++)
                {
                    var kelurahan = RegionCode.Parse($"{kecamatan}.{1001 + l}");
                    raw.Add((Region.Create(kelurahan, names.Next()), kelurahanBoxes[l], 0));
                    var rwCount = seribu ? random.Next(2, 6) : random.Next(5, 17);
                    var rwBoxes = kelurahanBoxes[l].Split(Weights(random, Enumerable.Repeat(1.0, rwCount)));
                    for (var w = 0; w < rwCount; w++)
                    {
                        var rw = RegionCode.ForRw(kelurahan, w + 1);
                        raw.Add((Region.Create(rw, $"RW {w + 1:D2}"), rwBoxes[w], 0));
                        var rtCount = random.Next(7, 16);
                        var rtBoxes = rwBoxes[w].Split(Weights(random, Enumerable.Repeat(1.0, rtCount)));
                        for (var t = 0; t < rtCount; t++)
                        {
                            raw.Add((Region.Create(RegionCode.ForRt(rw, t + 1), $"RT {t + 1:D2}"), rtBoxes[t], random.Next(70, 141)));
                        }
                    }
                }
            }
        }

        // Households: set on RTs, summed up the hierarchy (children before parents when walking backwards in code order).
        var households = raw.ToDictionary(r => r.Region.Code, r => r.Households);
        foreach (var (region, _, _) in Enumerable.Reverse(raw))
        {
            if (region.Parent is { } parent)
            {
                households[parent] += households[region.Code];
            }
        }

        var units = raw.OrderBy(r => r.Region.Code).Select(r => new SampleUnit(r.Region, r.Box, households[r.Region.Code])).ToArray();
        return new SampleCity(RegionRegistry.Create(units.Select(u => u.Region)), units);
    }

    private static List<Collaborator> GenerateCollaborators(int seed)
    {
        var random = new Random(Mix(seed, 2));
        var slots = CollaboratorMix.SelectMany(m => Enumerable.Repeat((m.Category, m.SubKind), m.Count)).ToArray();
        random.Shuffle(slots);
        var result = new List<Collaborator>(slots.Length);
        for (var i = 0; i < slots.Length; i++)
        {
            var (category, subKind) = slots[i];
            var id = CollaboratorId.Parse($"c-{i + 1:D3}");
            var name = CollaboratorName(random, category, subKind, i);
            var contact = ContactDetails.Create(
                Person(random),
                $"+62 21 555 {random.Next(1000, 10000)}",
                $"kontak.{id.Value}@example.org",
                category == CollaboratorCategory.Perorangan ? null : $"Jalan Contoh No. {random.Next(1, 200)}, Jakarta");
            result.Add(Collaborator.Create(id, name, category, subKind, contact));
        }

        return result;
    }

    private static string CollaboratorName(Random random, CollaboratorCategory category, CollaboratorSubKind subKind, int index)
    {
        var words = SampleNames.OrganisationWords;
        string Pair() => $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}";
        return (category, subKind) switch
        {
            (CollaboratorCategory.Perorangan, _) => Person(random),
            (CollaboratorCategory.LembagaUsaha, _) => $"{(random.Next(3) == 0 ? "CV" : "PT")} {Pair()}",
            (CollaboratorCategory.LembagaPemerintah, _) => $"Badan {Pair()} (contoh {index + 1})",
            (_, CollaboratorSubKind.Lsm) => $"Yayasan {Pair()}",
            (_, CollaboratorSubKind.Oms) => $"Komunitas {Pair()}",
            (_, CollaboratorSubKind.BadanPbb) => $"Badan PBB Contoh {(char)('A' + random.Next(26))}{index % 10}",
            (_, CollaboratorSubKind.Universitas) => $"Universitas {Pair()}",
            _ => $"Mitra {SampleNames.Countries[random.Next(SampleNames.Countries.Length)]} {Pair()}",
        };
    }

    private static string Person(Random random) =>
        $"{SampleNames.PersonFirst[random.Next(SampleNames.PersonFirst.Length)]} {SampleNames.PersonLast[random.Next(SampleNames.PersonLast.Length)]}";

    private static AreaList GenerateCap2019(SampleCity city, int seed)
    {
        var random = new Random(Mix(seed, 3));
        var entries = new List<AreaListEntry>();
        foreach (var rw in city.Rws)
        {
            if (rw.Code.Kota != 1 && random.NextDouble() < 0.08)
            {
                var items = PermukimanItems.Where(_ => random.NextDouble() < 0.55).ToList();
                if (items.Count == 0)
                {
                    items.Add(PermukimanItems[random.Next(PermukimanItems.Length)]);
                }

                entries.Add(AreaListEntry.Create(rw.Code, items));
            }
        }

        return AreaList.Create("cap-2019", entries);
    }

    private static List<Need> GenerateNeeds(SampleCity city, AreaList cap, int seed)
    {
        var random = new Random(Mix(seed, 4));
        var needs = new List<Need>(city.Rts.Count * 3);
        var povertyByKelurahan = city.Kelurahan.ToDictionary(k => k.Code, k => (k.Code.Kota == 1 ? 0.18 : 0.06) + (random.NextDouble() * 0.16));
        foreach (var rt in city.Rts)
        {
            var share = povertyByKelurahan[rt.Code.AncestorAt(RegionLevel.Kelurahan)];
            var poor = (int)Math.Round(rt.Households * share * (0.6 + (random.NextDouble() * 0.8)));
            Add(rt.Code, PaketSembako, November2020, poor);
            var students = random.Next(0, 7);
            var tablets = (int)Math.Round(students * 0.3 * random.NextDouble() * 2);
            tablets = Math.Min(tablets, students);
            Add(rt.Code, Smartphone, December2020, students - tablets);
            Add(rt.Code, Tablet, December2020, tablets);
        }

        foreach (var rw in city.Rws)
        {
            Add(rw.Code, Laptop, December2020, random.Next(0, 3));
            Add(rw.Code, Komputer, December2020, random.Next(0, 2));
            int[] umkmMax = [9, 6, 5, 5];
            for (var i = 0; i < UmkmItems.Length; i++)
            {
                Add(rw.Code, UmkmItems[i], November2020, random.Next(0, umkmMax[i]));
            }

            if (cap.TryFindArea(rw.Code, out _, out var recorded))
            {
                foreach (var item in recorded)
                {
                    Add(rw.Code, item, November2020, random.Next(1, 4));
                }
            }
        }

        return needs;

        void Add(RegionCode unit, ItemCode item, DistributionPeriod period, int quantity)
        {
            if (quantity > 0)
            {
                needs.Add(Need.Create(unit, item, period, quantity));
            }
        }
    }

    private static List<Aggregator> GenerateAggregators(SampleCity city, int seed)
    {
        var random = new Random(Mix(seed, 5));
        (string Name, string[] Areas)[] table =
        [
            ("Mitra Penyalur Pusat-Barat", ["31.71", "31.73"]),
            ("Mitra Penyalur Utara dan Kepulauan", ["31.72", "31.01"]),
            ("Mitra Penyalur Selatan", ["31.74"]),
            ("Mitra Penyalur Timur", ["31.75"]),
            ("Mitra Logistik Se-Jakarta", []),
        ];
        return [.. table.Select((row, i) =>
        {
            var areas = row.Areas.Select(RegionCode.Parse).ToArray();
            var depotArea = areas.Length == 0 ? RegionCode.Parse("31.71") : areas[0];
            var candidates = city.Kelurahan.Where(k => depotArea.Contains(k.Code)).ToArray();
            var depot = candidates[random.Next(candidates.Length)].Point;
            return Aggregator.Create(AggregatorId.Parse($"agg-{i + 1}"), row.Name, depot, random.Next(15, 41) * 1000, areas);
        })];
    }

    private static List<Pledge> GeneratePledges(SampleCity city, List<Collaborator> collaborators, List<Aggregator> aggregators, int seed)
    {
        var random = new Random(Mix(seed, 6));
        var pledges = new List<Pledge>();
        var panganOpened = Instant.FromUtc(2020, 4, 24, 0, 0);
        var asOf = SampleDataSet.AsOf;
        foreach (var collaborator in collaborators)
        {
            var count = random.Next(1, 5);
            for (var k = 0; k < count; k++)
            {
                var roll = random.NextDouble();
                var item = roll < 0.72 ? PaketSembako : roll < 0.88 ? UmkmItems[random.Next(UmkmItems.Length)] : PermukimanItems[random.Next(PermukimanItems.Length)];
                var quantity = item == PaketSembako ? PanganQuantity(random, collaborator.Category) : random.Next(1, 40);
                var pledgedAt = panganOpened + Duration.FromSeconds((long)(random.NextDouble() * (asOf - panganOpened).TotalSeconds));
                var id = PledgeId.Parse($"o-{pledges.Count + 1:D4}");
                pledges.Add(random.NextDouble() < 0.3
                    ? Pledge.ViaAggregator(id, collaborator.Id, item, quantity, November2020, pledgedAt, aggregators[random.Next(aggregators.Count)].Id)
                    : Pledge.Direct(id, collaborator.Id, item, quantity, November2020, pledgedAt, Origin(random, city), DirectAreas(random, city)));
            }
        }

        // Devices for KSBB Pendidikan: 1,208 in all, pledged in the weeks before the 26 November launch.
        var donors = collaborators.Where(c => c.Category is not CollaboratorCategory.Perorangan).ToArray();
        var parts = Partition(random, PublishedFigures.DevicesCollected, 46, 1);
        var devicesFrom = Instant.FromUtc(2020, 11, 1, 0, 0);
        foreach (var quantity in parts)
        {
            var roll = random.NextDouble();
            var item = roll < 0.45 ? Smartphone : roll < 0.75 ? Tablet : roll < 0.9 ? Laptop : Komputer;
            var donor = donors[random.Next(donors.Length)];
            var id = PledgeId.Parse($"o-{pledges.Count + 1:D4}");
            var pledgedAt = devicesFrom + Duration.FromSeconds((long)(random.NextDouble() * (asOf - devicesFrom).TotalSeconds));
            pledges.Add(random.NextDouble() < 0.25
                ? Pledge.ViaAggregator(id, donor.Id, item, quantity, December2020, pledgedAt, aggregators[random.Next(aggregators.Count)].Id)
                : Pledge.Direct(id, donor.Id, item, quantity, December2020, pledgedAt, Origin(random, city), DirectAreas(random, city)));
        }

        return pledges;
    }

    private static int PanganQuantity(Random random, CollaboratorCategory category) => category switch
    {
        CollaboratorCategory.Perorangan => random.Next(10, 200),
        CollaboratorCategory.LembagaUsaha => random.Next(100, 2500),
        CollaboratorCategory.LembagaPemerintah => random.Next(500, 4000),
        CollaboratorCategory.LuarNegeri => random.Next(300, 3000),
        _ => random.Next(50, 1200),
    };

    private static GeoPoint Origin(Random random, SampleCity city) => city.Kelurahan[random.Next(city.Kelurahan.Count)].Point;

    private static RegionCode[] DirectAreas(Random random, SampleCity city)
    {
        var roll = random.NextDouble();
        IReadOnlyList<SampleUnit>? level = roll switch
        {
            < 0.25 => null,
            < 0.45 => city.Kota,
            < 0.70 => city.Kecamatan,
            < 0.90 => city.Kelurahan,
            _ => city.Rws,
        };
        if (level is null)
        {
            return [];
        }

        var count = random.Next(1, 4);
        return [.. Enumerable.Range(0, count).Select(_ => level[random.Next(level.Count)].Code).Distinct()];
    }

    /// <summary>Splits <paramref name="total"/> into <paramref name="parts"/> random whole numbers, each at least <paramref name="minimum"/>.</summary>
    internal static int[] Partition(Random random, int total, int parts, int minimum)
    {
        var weights = Enumerable.Range(0, parts).Select(_ => 0.5 + random.NextDouble()).ToArray();
        var free = total - (parts * minimum);
        var sum = weights.Sum();
        var result = weights.Select(w => minimum + (int)Math.Floor(free * w / sum)).ToArray();
        var remainder = total - result.Sum();
        for (var i = 0; remainder > 0; i = (i + 1) % parts, remainder--)
        {
            result[i]++;
        }

        return result;
    }

    private static double[] Weights(Random random, IEnumerable<double> baseWeights) =>
        [.. baseWeights.Select(w => w * (0.7 + (random.NextDouble() * 0.6)))];

    private static NameSource UniqueNames(Random random)
    {
        var all = SampleNames.PlaceFirst.SelectMany(a => SampleNames.PlaceSecond.Select(b => $"{a} {b}")).ToArray();
        random.Shuffle(all);
        return new NameSource(all);
    }

    private static int Mix(int seed, int stage) => unchecked((seed * 31) + (stage * 7919));

    private sealed class NameSource(string[] names)
    {
        private int _next;

        public string Next() => names[_next++];
    }
}
