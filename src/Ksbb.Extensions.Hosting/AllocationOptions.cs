namespace Ksbb.Extensions.Hosting;

/// <summary>Options of the allocation engine registered by <c>AddKsbbAllocation</c>; validated at start-up.</summary>
public sealed class AllocationOptions
{
    /// <summary>Gets or sets how many threads one allocation run may use.</summary>
    /// <value>1 or more, or <see langword="null"/> (the default) for <see cref="Environment.ProcessorCount"/>.</value>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Gets or sets how often a run reports progress, in solver pivots.</summary>
    /// <value>1 or more; the default is <see cref="KsbbHostingDefaults.ProgressInterval"/>.</value>
    public long ProgressInterval { get; set; } = KsbbHostingDefaults.ProgressInterval;
}

/// <summary>Validates <see cref="AllocationOptions"/>; each failure names the option and the value.</summary>
internal sealed class AllocationOptionsValidator : OptionsValidator<AllocationOptions>
{
    protected override IEnumerable<string> Failures(AllocationOptions options)
    {
        if (options.MaxDegreeOfParallelism is < 1)
        {
            yield return $"{nameof(AllocationOptions)}.{nameof(options.MaxDegreeOfParallelism)} = {options.MaxDegreeOfParallelism}: must be 1 or more, or unset.";
        }

        if (options.ProgressInterval < 1)
        {
            yield return $"{nameof(AllocationOptions)}.{nameof(options.ProgressInterval)} = {options.ProgressInterval}: must be 1 or more.";
        }
    }
}
