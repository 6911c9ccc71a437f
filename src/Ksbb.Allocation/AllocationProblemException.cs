namespace Ksbb.Allocation;

/// <summary>An allocation problem is invalid; <see cref="JsonPath"/> names where (for example <c>$.offers[3].quantity</c>).</summary>
/// <remarks>The message has the form <c>$.offers[3].quantity: must be &gt; 0</c>.</remarks>
public sealed class AllocationProblemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AllocationProblemException()
        : this("$", "the allocation problem is invalid")
    {
    }

    /// <summary>Creates the exception with a message and no path.</summary>
    /// <param name="message">What is wrong.</param>
    public AllocationProblemException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message, no path and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AllocationProblemException(string message, Exception? innerException)
        : this("$", message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="jsonPath">The JSON path of the offending value, for example <c>$.units[2].need</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AllocationProblemException(string jsonPath, string problem, Exception? innerException = null)
        : base($"{jsonPath}: {problem}", innerException)
    {
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>Gets the JSON path of the offending value (<c>$</c> for the whole document).</summary>
    public string JsonPath { get; }

    /// <summary>Gets what is wrong, without the path.</summary>
    public string Problem { get; }
}
