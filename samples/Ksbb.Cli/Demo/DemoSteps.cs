namespace Ksbb.Cli.Demo;

/// <summary>The demo's steps, in order.</summary>
internal static class DemoSteps
{
    /// <summary>Gets the ordered steps of <c>ksbb demo</c>. The allocation preview, the Pendidikan and Pangan rounds on the ledger, the public export and the map steps close the round.</summary>
    public static IReadOnlyList<IDemoStep> Default { get; } =
    [
        new SampleDataStep(),
        new ProgrammesStep(),
        new CollaboratorsStep(),
        new NeedsStep(),
        new DevicesStep(),
        new PledgesStep(),
        new DocumentsStep(),
        new AllocationStep(),
        new PendidikanStep(),
        new ReservationStep(),
        new PublicExportStep(),
        new MapStep(),
        new FillRateChartStep(),
    ];
}
