namespace Ksbb.Cli.Demo;

/// <summary>The demo's steps, in order.</summary>
internal static class DemoSteps
{
    /// <summary>Gets the ordered steps of <c>ksbb demo</c>. The allocation, reservation (with the public export) and map steps close the round.</summary>
    public static IReadOnlyList<IDemoStep> Default { get; } =
    [
        new SampleDataStep(),
        new ProgrammesStep(),
        new CollaboratorsStep(),
        new NeedsStep(),
        new DevicesStep(),
        new OffersStep(),
        new DocumentsStep(),
        new AllocationStep(),
        new ReservationStep(),
        new MapStep(),
        new FillRateChartStep(),
    ];
}
