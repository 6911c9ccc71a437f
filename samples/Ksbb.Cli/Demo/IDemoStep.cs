namespace Ksbb.Cli.Demo;

/// <summary>
/// One step of <c>ksbb demo</c>. Steps run in the order of <see cref="DemoSteps.Default"/>; each reads what earlier
/// steps left in the <see cref="DemoContext"/> and prints its own section.
/// </summary>
/// <remarks>
/// To grow the demo (map, allocation, reservations, public export), add a class implementing this interface in this
/// folder and one line in <see cref="DemoSteps.Default"/>. Write files only through
/// <see cref="DemoContext.WriteFile"/> (temp file, then move: never half-written).
/// </remarks>
internal interface IDemoStep
{
    /// <summary>Gets the section title printed before the step runs.</summary>
    string Title { get; }

    /// <summary>Runs the step.</summary>
    /// <param name="context">The demo's shared state, console and output folder.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>A task that completes when the step is done.</returns>
    Task RunAsync(DemoContext context, CancellationToken cancellationToken);
}
