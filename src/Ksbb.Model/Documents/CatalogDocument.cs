using Ksbb.Model.Catalog;
using Ksbb.Model.Catalog.Eligibility;
using static Ksbb.Model.Documents.DocumentIO;

namespace Ksbb.Model.Documents;

/// <summary>Maps <c>ksbb.catalog/1</c> documents to and from <see cref="ProgrammeCatalog"/>.</summary>
internal static class CatalogDocument
{
    public static ProgrammeCatalog Read(Stream utf8Json)
    {
        var dto = DocumentIO.Read(utf8Json, KsbbJsonContext.Default.CatalogDto, KsbbSchemas.Catalog, d => d.Schema);
        var programmes = List(dto.Programmes, "$.programmes");
        var result = new List<Programme>();
        for (var p = 0; p < programmes.Count; p++)
        {
            result.Add(ReadProgramme(Required(programmes[p], $"$.programmes[{p}]"), $"$.programmes[{p}]"));
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new Dictionary<ItemCode, string>();
        for (var p = 0; p < result.Count; p++)
        {
            if (!codes.TryAdd(result[p].Code, p))
            {
                throw new DocumentException($"$.programmes[{p}].code", $"programme '{result[p].Code}' already appears at $.programmes[{codes[result[p].Code]}].");
            }

            for (var i = 0; i < result[p].Items.Count; i++)
            {
                items[result[p].Items[i].Code] = $"$.programmes[{p}].items[{i}]";
            }
        }

        for (var p = 0; p < result.Count; p++)
        {
            for (var i = 0; i < result[p].Items.Count; i++)
            {
                var bundles = result[p].Items[i].Bundles;
                for (var b = 0; b < bundles.Count; b++)
                {
                    if (!items.ContainsKey(bundles[b]))
                    {
                        throw new DocumentException($"$.programmes[{p}].items[{i}].bundles[{b}]", $"item '{bundles[b]}' is not in the catalogue.");
                    }
                }
            }
        }

        return ProgrammeCatalog.Create(result);
    }

    private static Programme ReadProgramme(ProgrammeDto dto, string path)
    {
        var code = RequiredText(dto.Code, path + ".code");
        if (!ItemCode.IsValidSegment(code))
        {
            throw new DocumentException(path + ".code", $"programme code '{code}' must have 1 to 64 characters of a-z, 0-9 and '-', starting with a letter or digit.");
        }

        var name = ReadText(dto.Name, path + ".name");
        var statusText = RequiredText(dto.Status, path + ".status");
        if (!ProgrammeCatalog.TryParseStatus(statusText, out var status))
        {
            throw new DocumentException(path + ".status", $"unknown status '{statusText}'; expected open, under-discussion or closed.");
        }

        var rules = ReadRules(dto.Eligibility, path + ".eligibility");
        var itemDtos = dto.Items ?? [];
        var items = new List<CatalogItem>();
        var seen = new Dictionary<ItemCode, int>();
        for (var i = 0; i < itemDtos.Count; i++)
        {
            var itemPath = $"{path}.items[{i}]";
            var item = ReadItem(Required(itemDtos[i], itemPath), itemPath);
            if (item.Code.Programme != code)
            {
                throw new DocumentException(itemPath + ".code", $"item code '{item.Code}' belongs to programme '{item.Code.Programme}', not '{code}'.");
            }

            if (!seen.TryAdd(item.Code, i))
            {
                throw new DocumentException(itemPath + ".code", $"item '{item.Code}' already appears at {path}.items[{seen[item.Code]}].");
            }

            items.Add(item);
        }

        var description = dto.Description is null ? null : ReadText(dto.Description, path + ".description");
        return Create(path, () => Programme.Create(code, name, status, dto.OpenedOn, items, rules, description, dto.OpenUntil));
    }

    private static CatalogItem ReadItem(ItemDto dto, string path)
    {
        var code = Required(dto.Code, path + ".code");
        var name = ReadText(dto.Name, path + ".name");
        var unit = RequiredText(dto.Unit, path + ".unit");
        var unitName = ReadText(dto.UnitName, path + ".unitName");
        var recipient = RequiredText(dto.Recipient, path + ".recipient");
        var rules = ReadRules(dto.Eligibility, path + ".eligibility");
        Create(path + ".unit", () => { CatalogGuard.Code(unit, "unit", "unit"); return 0; });
        Create(path + ".recipient", () => { CatalogGuard.Code(recipient, "recipient", "recipient"); return 0; });
        var item = Create(path, () => CatalogItem.Create(code, name, unit, unitName, recipient, dto.Bundles, rules));
        return dto.PerHousehold is { } per ? Create(path + ".perHousehold", () => item.WithQuantityPerHousehold(per)) : item;
    }

    private static BilingualText ReadText(TextDto? dto, string path)
    {
        var text = Required(dto, path);
        return BilingualText.Create(RequiredText(text.Id, path + ".id"), RequiredText(text.En, path + ".en"));
    }

    private static List<EligibilityRule> ReadRules(List<RuleDto>? dtos, string path)
    {
        var rules = new List<EligibilityRule>();
        for (var r = 0; r < (dtos?.Count ?? 0); r++)
        {
            var rulePath = $"{path}[{r}]";
            var dto = Required(dtos![r], rulePath);
            var kind = RequiredText(dto.Rule, rulePath + ".rule");
            rules.Add(kind switch
            {
                "registration" => Create(rulePath + ".registry", () => RegistrationRule.Create(RequiredText(dto.Registry, rulePath + ".registry"))),
                "role" => Create(rulePath + ".roles", () => RoleRule.Create(List(dto.Roles, rulePath + ".roles"))),
                "area-list" => Create(rulePath + ".list", () => AreaListRule.Create(RequiredText(dto.List, rulePath + ".list"), dto.RecordedItemOnly ?? true)),
                _ => throw new DocumentException(rulePath + ".rule", $"unknown rule '{kind}'; expected registration, role or area-list."),
            });
        }

        return rules;
    }

    public static void Write(Stream utf8Json, ProgrammeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var dto = new CatalogDto
        {
            Schema = KsbbSchemas.Catalog,
            Programmes = [.. catalog.Programmes.Select(p => new ProgrammeDto
            {
                Code = p.Code,
                Name = Text(p.Name),
                Status = ProgrammeCatalog.GetStatusCode(p.Status),
                OpenedOn = p.OpenedOn,
                OpenUntil = p.OpenUntil,
                Description = p.Description is null ? null : Text(p.Description),
                Eligibility = Rules(p.Rules),
                Items = [.. p.Items.Select(i => new ItemDto
                {
                    Code = i.Code,
                    Name = Text(i.Name),
                    Unit = i.Unit,
                    UnitName = Text(i.UnitName),
                    Recipient = i.Recipient,
                    PerHousehold = i.QuantityPerHousehold,
                    Bundles = i.Bundles.Count == 0 ? null : [.. i.Bundles],
                    Eligibility = Rules(i.Rules),
                })],
            })],
        };
        DocumentIO.Write(utf8Json, dto, KsbbJsonContext.Default.CatalogDto);
    }

    private static TextDto Text(BilingualText text) => new() { Id = text.Indonesian, En = text.English };

    private static List<RuleDto>? Rules(IReadOnlyList<EligibilityRule> rules) => rules.Count == 0 ? null : [.. rules.Select(r => r switch
    {
        RegistrationRule g => new RuleDto { Rule = g.Kind, Registry = g.Registry },
        RoleRule o => new RuleDto { Rule = o.Kind, Roles = [.. o.Roles] },
        AreaListRule a => new RuleDto { Rule = a.Kind, List = a.List, RecordedItemOnly = a.RequireRecordedItem },
        _ => throw new InvalidOperationException($"Unknown rule type {r.GetType().Name}."),
    })];
}
