namespace Ksbb.Cli.Demo;

/// <summary>The demo's steps, in order.</summary>
internal static class DemoSteps
{
    /// <summary>Gets the ordered steps of <c>ksbb demo</c>. Later issues add the map, allocation, reservation and export steps here.</summary>
    public static IReadOnlyList<IDemoStep> Default { get; } =
    [
        new SampleDataStep(),
        new CollaboratorsStep(),
        new NeedsStep(),
        new DevicesStep(),
        new OffersStep(),
        new DocumentsStep(),
        new FillRateChartStep(),
    ];
}
