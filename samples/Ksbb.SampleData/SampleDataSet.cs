using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Needs;
using Ksbb.Model.Pledges;
using NodaTime;

namespace Ksbb.SampleData;

/// <summary>A whole synthetic collaboration round: the city, the catalogue, collaborators, aggregators, needs, pledges and the CAP 2019 list.</summary>
/// <remarks>Produced by <see cref="SampleGenerator.Generate"/>; the same seed always gives the same data. Immutable and thread-safe.</remarks>
public sealed class SampleDataSet
{
    internal SampleDataSet(int seed, SampleCity city, ProgrammeCatalog catalog, AreaList cap2019, IReadOnlyList<Collaborator> collaborators, IReadOnlyList<Aggregator> aggregators, IReadOnlyList<Need> needs, IReadOnlyList<Pledge> pledges)
    {
        Seed = seed;
        City = city;
        Catalog = catalog;
        Cap2019 = cap2019;
        Collaborators = collaborators;
        Aggregators = aggregators;
        Needs = needs;
        Pledges = pledges;
    }

    /// <summary>Gets the instant the sample round is set at: the launch of KSBB Pendidikan, 26 November 2020, 10:00 in Jakarta.</summary>
    public static Instant AsOf { get; } = Instant.FromUtc(2020, 11, 26, 3, 0);

    /// <summary>Gets the seed the data was generated from.</summary>
    public int Seed { get; }

    /// <summary>Gets the city.</summary>
    public SampleCity City { get; }

    /// <summary>Gets the programme catalogue (the built-in default).</summary>
    public ProgrammeCatalog Catalog { get; }

    /// <summary>Gets the synthetic Community Action Plan 2019 list: RWs with their recorded settlement-upgrading items.</summary>
    public AreaList Cap2019 { get; }

    /// <summary>Gets the 222 collaborators, in the programme's mix of 26 November 2020 (35 + 103 + 18 + 53 + 13).</summary>
    public IReadOnlyList<Collaborator> Collaborators { get; }

    /// <summary>Gets the aggregators (distribution partners).</summary>
    public IReadOnlyList<Aggregator> Aggregators { get; }

    /// <summary>Gets the needs: per RT for food and student devices, per RW for teacher devices, UMKM and CAP RWs.</summary>
    public IReadOnlyList<Need> Needs { get; }

    /// <summary>Gets the pledges, direct and via aggregators.</summary>
    public IReadOnlyList<Pledge> Pledges { get; }

    /// <summary>Gets the number of Pendidikan devices pledged (smartphones, tablets, computers, laptops): 1,208, as collected by 26 November 2020.</summary>
    public long DevicesCollected => Pledges.Where(o => SampleGenerator.DeviceItems.Contains(o.Item)).Sum(o => o.Quantity);
}
