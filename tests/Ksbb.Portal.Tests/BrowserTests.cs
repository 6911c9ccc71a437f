using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace Ksbb.Portal.Tests;

/// <summary>The public page in a real headless Chromium (Debian's chromium and chromium-driver, no downloads): open the
/// map, pick an RW, reserve with a development token, and see the map change. Skips where Chromium is absent, except
/// under CI=true, where it fails.</summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string DriverDirectory = "/usr/bin";
    private const string DriverName = "chromedriver";

    [Fact]
    public async Task Map_pick_an_rw_give_help_and_the_map_changes()
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverDirectory, DriverName)))
        {
            var message = $"Chromium not found ({ChromiumPath} and {DriverDirectory}/{DriverName}); install Debian's chromium and chromium-driver packages.";
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), message);
            Assert.Skip(message);
        }

        await using var portal = new PortalFixture();
        portal.UseKestrel(0);
        portal.StartServer();
        var address = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        // Never let Selenium Manager look for or download anything.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900");
        using var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.HideCommandPromptWindow = true;
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(30));

        // The page marks <body data-busy> (requests in flight) and <body data-settled> (times everything came to rest):
        // every step waits for the state after its own requests instead of reading a DOM a pending fetch will replace.
        var body = () => driver.FindElement(By.TagName("body"));
        int Settled() => int.Parse(body().GetAttribute("data-settled")!, CultureInfo.InvariantCulture);
        void Settle(Action act)
        {
            var before = Settled();
            act();
            wait.Until(_ => Settled() > before && body().GetAttribute("data-busy") == "0");
        }

        long Number(string id) => long.Parse(driver.FindElement(By.Id(id)).Text, CultureInfo.InvariantCulture);
        long Attribute(IWebElement e, string name) => long.Parse(e.GetAttribute(name)!, CultureInfo.InvariantCulture);

        driver.Navigate().GoToUrl(address + "/");
        wait.Until(d => d.FindElement(By.Id("map")).GetAttribute("data-ready") == "true" && body().GetAttribute("data-busy") == "0");
        var canvas = driver.FindElement(By.Id("map"));

        // Pick an RW that still has need in the seeded verifier's kelurahan, and click where it is drawn.
        var kelurahan = portal.OfficerScopes[PortalFixture.Verifier];
        var code = (string)driver.ExecuteScript("return ksbbMap.state().rws.find(f => f.properties.remaining > 5 && f.properties.code.startsWith(arguments[0] + '.')).properties.code;", kelurahan)!;
        var point = (IDictionary<string, object>)driver.ExecuteScript("return ksbbMap.centreOf(arguments[0]);", code)!;
        var x = Convert.ToDouble(point["x"], CultureInfo.InvariantCulture);
        var y = Convert.ToDouble(point["y"], CultureInfo.InvariantCulture);
        new Actions(driver)
            .MoveToElement(canvas, (int)Math.Round(x - canvas.Size.Width / 2.0), (int)Math.Round(y - canvas.Size.Height / 2.0))
            .Click()
            .Perform();
        wait.Until(d => d.FindElements(By.Id("give-help")).Count > 0);
        Assert.Contains(code, driver.FindElement(By.Id("details")).Text, StringComparison.Ordinal);
        var reservedBefore = Number("d-reserved");
        var versionBefore = Attribute(canvas, "data-version");
        var mapReservedBefore = Attribute(canvas, "data-reserved");

        // Development sign-in: the donor's pledge is listed and offered in the form.
        Settle(() => driver.FindElement(By.Id("token")).SendKeys(portal.ActiveToken + Keys.Tab));
        Assert.Contains("PT Maju Bersama", driver.FindElement(By.Id("who")).Text, StringComparison.Ordinal);
        var pledge = driver.FindElement(By.CssSelector("#pledges li[data-pledge]"));
        var pledgeId = pledge.GetAttribute("data-pledge");
        var pledgeBefore = Attribute(pledge, "data-remaining");
        Assert.Equal(pledgeId, driver.FindElement(By.Id("pledge")).GetAttribute("value"));
        long PledgeRemaining() => Attribute(driver.FindElement(By.CssSelector($"#pledges li[data-pledge='{pledgeId}']")), "data-remaining");

        // "Beri Bantuan" for 2 packages, drawn on the pledge.
        var quantity = driver.FindElement(By.Id("quantity"));
        quantity.Clear();
        quantity.SendKeys("2");
        Settle(() => driver.FindElement(By.Id("give-help")).Click());
        Assert.Equal(reservedBefore + 2, Number("d-reserved"));
        Assert.True(Attribute(canvas, "data-version") > versionBefore);
        Assert.Equal(mapReservedBefore + 2, Attribute(canvas, "data-reserved"));
        Assert.Equal(pledgeBefore - 2, PledgeRemaining());

        // The donor's own list shows it; releasing it from there gives the need and the pledge back and the map redraws.
        var versionAfterReserve = Attribute(canvas, "data-version");
        Settle(() => driver.FindElement(By.CssSelector("#mine button[data-act=release]")).Click());
        Assert.Equal(reservedBefore, Number("d-reserved"));
        Assert.True(Attribute(canvas, "data-version") > versionAfterReserve);
        Assert.Contains("released", driver.FindElement(By.Id("mine")).Text, StringComparison.Ordinal);
        Assert.Equal(pledgeBefore, PledgeRemaining());

        // The page in English (no request: the i18n table is in the page).
        driver.FindElement(By.Id("lang")).Click();
        Assert.Contains("My pledges", driver.FindElement(By.Id("mine")).Text, StringComparison.Ordinal);
        Assert.Equal("en", driver.FindElement(By.TagName("html")).GetAttribute("lang"));

        // Reserve again (the form is back at 1 package) for the server-side check.
        Settle(() => driver.FindElement(By.Id("give-help")).Click());
        var expected = reservedBefore + 1;
        Assert.Equal(expected, Number("d-reserved"));

        // The server agrees: the RW's summary shows the reservation.
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var summary = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area={code}", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(expected, summary.GetProperty("features")[0].GetProperty("properties").GetProperty("reserved").GetInt64());

        // The donor records the delivery with a photo attached (sent as multipart, hashed by the portal, never kept) and
        // the recipients' acknowledgements; the kelurahan's verifier signs in, sees it and verifies it.
        var photo = Path.Combine(Path.GetTempPath(), $"handover-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, System.Text.Encoding.UTF8.GetBytes("a photo of the handover"), TestContext.Current.CancellationToken);
        try
        {
            driver.FindElement(By.Id("evidence")).SendKeys(photo);
            driver.FindElement(By.Id("acknowledgements")).SendKeys("2");
            Settle(() => driver.FindElement(By.CssSelector("#mine button[data-act=deliver]")).Click());
        }
        finally
        {
            File.Delete(photo);
        }

        Assert.Contains("delivered, with evidence", driver.FindElement(By.Id("mine")).Text, StringComparison.Ordinal);
        var token = driver.FindElement(By.Id("token"));
        token.Clear();
        Settle(() => token.SendKeys(portal.Tokens[PortalFixture.Verifier] + Keys.Tab));
        Assert.True(driver.FindElement(By.Id("mine")).GetAttribute("hidden") is not null);
        var verify = driver.FindElement(By.CssSelector("#deliveries button[data-act=verify]"));
        var delivered = verify.GetAttribute("data-id");
        Settle(verify.Click);
        Assert.Contains(delivered!, driver.FindElement(By.Id("message")).Text, StringComparison.Ordinal);
        Assert.Empty(driver.FindElements(By.CssSelector($"#deliveries button[data-id='{delivered}']")));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", portal.Tokens[PortalFixture.Verifier]);
        var verified = JsonDocument.Parse(await client.GetStringAsync("/api/deliveries?status=verified", TestContext.Current.CancellationToken)).RootElement;
        Assert.Contains(verified.EnumerateArray(), r => r.GetProperty("id").GetString() == delivered);

        // The public map counts it by standing, without personal data.
        var after = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area={code}", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(1, after.GetProperty("features")[0].GetProperty("properties").GetProperty("deliveries").GetProperty("verified-with-evidence").GetInt32());
    }
}
