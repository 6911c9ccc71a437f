namespace Ksbb.Model.Collaborators;

/// <summary>How to reach a collaborator: personal data that never appears in a public view.</summary>
/// <remarks>
/// Every part is optional. <see cref="ToString"/> deliberately prints nothing personal, so contact details do not leak
/// into logs. Immutable and thread-safe.
/// </remarks>
public sealed class ContactDetails
{
    private ContactDetails(string? contactPerson, string? phone, string? email, string? address)
    {
        ContactPerson = contactPerson;
        Phone = phone;
        Email = email;
        Address = address;
    }

    /// <summary>Gets the name of the person to contact, if given.</summary>
    public string? ContactPerson { get; }

    /// <summary>Gets the phone number, if given: digits with optional <c>+</c>, spaces, <c>-</c> and parentheses.</summary>
    public string? Phone { get; }

    /// <summary>Gets the e-mail address, if given.</summary>
    public string? Email { get; }

    /// <summary>Gets the postal address, if given.</summary>
    public string? Address { get; }

    /// <summary>Creates contact details; empty strings count as absent.</summary>
    /// <param name="contactPerson">The person to contact.</param>
    /// <param name="phone">A phone number: 6 to 15 digits, optionally with a leading <c>+</c>, spaces, <c>-</c> and parentheses.</param>
    /// <param name="email">An e-mail address: one <c>@</c> with text on both sides and no white space.</param>
    /// <param name="address">A postal address.</param>
    /// <returns>The details.</returns>
    /// <exception cref="ArgumentException">The phone number or e-mail address is malformed.</exception>
    public static ContactDetails Create(string? contactPerson = null, string? phone = null, string? email = null, string? address = null)
    {
        phone = Normalize(phone);
        email = Normalize(email);
        if (phone is not null)
        {
            var digits = phone.Count(char.IsAsciiDigit);
            var allowed = phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')') || (phone[0] == '+' && phone[1..].All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')'));
            if (!allowed || digits is < 6 or > 15)
            {
                throw new ArgumentException("A phone number has 6 to 15 digits, optionally a leading '+', spaces, '-' and parentheses.", nameof(phone));
            }
        }

        if (email is not null)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == email.Length - 1 || email.IndexOf('@', at + 1) >= 0 || email.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException("An e-mail address has one '@' with text on both sides and no white space.", nameof(email));
            }
        }

        return new ContactDetails(Normalize(contactPerson), phone, email, Normalize(address));
    }

    private static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Returns a placeholder that contains no personal data.</summary>
    /// <returns>The text <c>ContactDetails (redacted)</c>.</returns>
    public override string ToString() => "ContactDetails (redacted)";
}
