using Microsoft.Extensions.Options;

namespace Ksbb.Extensions.Hosting;

/// <summary>Validates an options type by listing its failures, each naming the option and the value.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal abstract class OptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    protected abstract IEnumerable<string> Failures(TOptions options);
}
