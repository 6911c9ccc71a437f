using System.Text.Json;

namespace Ksbb.Model.Documents;

/// <summary>
/// A Ksbb JSON document could not be read: the JSON was malformed, a value was invalid or the <c>schema</c> was
/// wrong. <see cref="JsonException.Path"/> names the place (for example <c>$.programmes[2].items[0].code</c>) and
/// the message starts with it.
/// </summary>
/// <remarks>
/// Derives from <see cref="JsonException"/> so callers that already handle JSON errors handle this one too.
/// <see cref="Detail"/> is the message without the path.
/// </remarks>
public sealed class DocumentException : JsonException
{
    /// <summary>Initializes a new instance of the <see cref="DocumentException"/> class.</summary>
    /// <param name="path">The JSON path of the offending value, for example <c>$.needs[3].quantity</c>.</param>
    /// <param name="detail">What is wrong there.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DocumentException(string path, string detail, Exception? innerException = null)
        : base($"{path}: {detail}", path, null, null, innerException)
    {
        Detail = detail;
    }

    /// <summary>Gets what is wrong, without the path.</summary>
    public string Detail { get; }
}
