using System.Text;
using Ksbb.Model.Collaborators;
using Ksbb.Model.Documents;

namespace Ksbb.Model.Tests;

public class CollaboratorTests
{
    private static readonly ContactDetails Contact = ContactDetails.Create("Sari Utami", "+62 21 5550 1234", "sari@example.org", "Jalan Contoh 1");

    [Theory]
    [InlineData(CollaboratorCategory.Perorangan, "perorangan", "Perorangan", "Individuals")]
    [InlineData(CollaboratorCategory.LembagaUsaha, "lembaga-usaha", "Lembaga Usaha", "Businesses")]
    [InlineData(CollaboratorCategory.LembagaPemerintah, "lembaga-pemerintah", "Lembaga Pemerintah, Kementerian, dan setingkat Kementerian", "Government bodies, ministries and ministry-level agencies")]
    [InlineData(CollaboratorCategory.LsmOmsPbbUniversitas, "lsm-oms-pbb-universitas", "LSM / OMS, Badan PBB, dan Universitas", "NGOs / civil-society organisations, UN agencies and universities")]
    [InlineData(CollaboratorCategory.LuarNegeri, "luar-negeri", "Luar Negeri", "Foreign parties")]
    public void Taxonomy_Category_HasStableCodeAndLabels(CollaboratorCategory category, string code, string indonesian, string english)
    {
        var entry = CollaboratorTaxonomy.Describe(category);
        Assert.Equal((code, indonesian, english), (entry.Code, entry.Indonesian, entry.English));
        Assert.True(CollaboratorTaxonomy.TryParseCategory(code, out var parsed));
        Assert.Equal(category, parsed);
    }

    [Fact]
    public void Taxonomy_SubKinds_RoundTripAndUnknownCodesFail()
    {
        Assert.Equal(["lsm", "oms", "badan-pbb", "universitas"], CollaboratorTaxonomy.SubKinds.Select(CollaboratorTaxonomy.GetCode));
        foreach (var subKind in CollaboratorTaxonomy.SubKinds)
        {
            Assert.True(CollaboratorTaxonomy.TryParseSubKind(CollaboratorTaxonomy.GetCode(subKind), out var parsed));
            Assert.Equal(subKind, parsed);
        }

        Assert.False(CollaboratorTaxonomy.TryParseCategory("Perorangan", out _)); // codes are case-sensitive
        Assert.False(CollaboratorTaxonomy.TryParseSubKind(null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => CollaboratorTaxonomy.Describe(CollaboratorCategory.None));
    }

    [Fact]
    public void Create_SubKindOutsideTheFourthCategory_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Collaborator.Create(CollaboratorId.Parse("c-1"), "PT Contoh", CollaboratorCategory.LembagaUsaha, CollaboratorSubKind.Universitas));
        Assert.Contains("sub-kind 'universitas' belongs to category 'lsm-oms-pbb-universitas', not 'lembaga-usaha'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(CollaboratorSubKind.Universitas, Collaborator.Create(CollaboratorId.Parse("c-2"), "Universitas Contoh", CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.Universitas).SubKind);
    }

    [Theory]
    [InlineData("", "name")]
    [InlineData("   ", "name")]
    public void Create_EmptyName_IsRefused(string name, string parameter)
    {
        var ex = Assert.Throws<ArgumentException>(() => Collaborator.Create(CollaboratorId.Parse("c-1"), name, CollaboratorCategory.LembagaUsaha));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Throws<ArgumentException>(() => Collaborator.Create(default, "PT Contoh", CollaboratorCategory.LembagaUsaha));
        Assert.Throws<ArgumentOutOfRangeException>(() => Collaborator.Create(CollaboratorId.Parse("c-1"), "PT Contoh", CollaboratorCategory.None));
    }

    [Fact]
    public void PublicView_HasNoContactDetails_AndHidesIndividualsNamesByDefault()
    {
        var person = Collaborator.Create(CollaboratorId.Parse("c-1"), "Sari Utami", CollaboratorCategory.Perorangan, contact: Contact);
        var consenting = Collaborator.Create(CollaboratorId.Parse("c-2"), "Budi Santoso", CollaboratorCategory.Perorangan, contact: Contact, publishName: true);
        var business = Collaborator.Create(CollaboratorId.Parse("c-3"), "PT Contoh Sejahtera", CollaboratorCategory.LembagaUsaha, contact: Contact);

        Assert.Equal(PublicCollaborator.AnonymousName, person.ToPublic().DisplayName);
        Assert.Equal("Budi Santoso", consenting.ToPublic().DisplayName);
        Assert.Equal("PT Contoh Sejahtera", business.ToPublic().DisplayName);
        Assert.DoesNotContain(typeof(PublicCollaborator).GetProperties(), p => p.PropertyType == typeof(ContactDetails));

        using var stream = new MemoryStream();
        KsbbDocuments.WritePublicCollaborators(stream, [person.ToPublic(), consenting.ToPublic(), business.ToPublic()]);
        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("5550", json, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Sari", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Jalan", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverPrintsPersonalData()
    {
        var person = Collaborator.Create(CollaboratorId.Parse("c-1"), "Sari Utami", CollaboratorCategory.Perorangan, contact: Contact);
        Assert.Equal("c-1 (perorangan)", person.ToString());
        Assert.Equal("ContactDetails (redacted)", Contact.ToString());
    }

    [Theory]
    [InlineData("12345", null)]
    [InlineData("+62 21 abc", null)]
    [InlineData(null, "no-at-sign")]
    [InlineData(null, "a@b@c")]
    [InlineData(null, "with space@example.org")]
    public void ContactDetails_MalformedPhoneOrEmail_IsRefused(string? phone, string? email)
    {
        var ex = Assert.Throws<ArgumentException>(() => ContactDetails.Create(phone: phone, email: email));
        Assert.Equal(phone is null ? "email" : "phone", ex.ParamName);
    }

    [Fact]
    public void ContactDetails_EmptyPartsCountAsAbsent()
    {
        var contact = ContactDetails.Create(" ", "", "kontak@example.org", null);
        Assert.Null(contact.ContactPerson);
        Assert.Null(contact.Phone);
        Assert.Equal("kontak@example.org", contact.Email);
    }

    [Fact]
    public void CountReport_CountsEveryCategoryInTheProgrammesOrder()
    {
        Collaborator Make(int i, CollaboratorCategory c, CollaboratorSubKind s = CollaboratorSubKind.None) =>
            Collaborator.Create(CollaboratorId.Parse($"c-{i}"), $"Kolaborator {i}", c, s);
        var report = CollaboratorCountReport.Create(
        [
            Make(1, CollaboratorCategory.LuarNegeri),
            Make(2, CollaboratorCategory.LembagaUsaha),
            Make(3, CollaboratorCategory.LembagaUsaha),
            Make(4, CollaboratorCategory.LsmOmsPbbUniversitas, CollaboratorSubKind.BadanPbb),
            Make(5, CollaboratorCategory.LsmOmsPbbUniversitas),
        ]);

        Assert.Equal(5, report.Total);
        Assert.Equal([0, 2, 0, 2, 1], report.Rows.Select(r => r.Count));
        Assert.Equal(CollaboratorTaxonomy.Categories, report.Rows.Select(r => r.Category));
        Assert.Equal(1, report.CountOf(CollaboratorSubKind.BadanPbb));
        Assert.Equal(0, report.CountOf(CollaboratorCategory.Perorangan));
        Assert.Equal("5 = 0 + 2 + 0 + 2 + 1", report.ToString());
    }

    [Fact]
    public void CountReport_PublicViewsCountTheSameAsRecords()
    {
        var records = Enumerable.Range(1, 12).Select(i => Collaborator.Create(CollaboratorId.Parse($"c-{i}"), $"Nama {i}", CollaboratorTaxonomy.Categories[i % 5])).ToArray();
        Assert.Equal(
            CollaboratorCountReport.Create(records).Rows.Select(r => r.Count),
            CollaboratorCountReport.Create(records.Select(r => r.ToPublic())).Rows.Select(r => r.Count));
    }
}
