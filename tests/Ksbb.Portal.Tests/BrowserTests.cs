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

        driver.Navigate().GoToUrl(address + "/");
        wait.Until(d => d.FindElement(By.Id("map")).GetAttribute("data-ready") == "true");
        var canvas = driver.FindElement(By.Id("map"));

        // Pick an RW that still has need, and click where it is drawn.
        var code = (string)driver.ExecuteScript("return ksbbMap.state().rws.find(f => f.properties.remaining > 5).properties.code;")!;
        var point = (IDictionary<string, object>)driver.ExecuteScript("return ksbbMap.centreOf(arguments[0]);", code)!;
        var x = Convert.ToDouble(point["x"], CultureInfo.InvariantCulture);
        var y = Convert.ToDouble(point["y"], CultureInfo.InvariantCulture);
        new Actions(driver)
            .MoveToElement(canvas, (int)Math.Round(x - canvas.Size.Width / 2.0), (int)Math.Round(y - canvas.Size.Height / 2.0))
            .Click()
            .Perform();
        wait.Until(d => d.FindElements(By.Id("give-help")).Count > 0);
        Assert.Contains(code, driver.FindElement(By.Id("details")).Text, StringComparison.Ordinal);
        var reservedBefore = long.Parse(driver.FindElement(By.Id("d-reserved")).Text, CultureInfo.InvariantCulture);
        var versionBefore = int.Parse(canvas.GetAttribute("data-version")!, CultureInfo.InvariantCulture);
        var mapReservedBefore = long.Parse(canvas.GetAttribute("data-reserved")!, CultureInfo.InvariantCulture);

        // Development sign-in, then "Beri Bantuan" for 2 packages.
        driver.FindElement(By.Id("token")).SendKeys(portal.ActiveToken + Keys.Tab);
        wait.Until(d => d.FindElement(By.Id("who")).Text.Contains("PT Maju Bersama", StringComparison.Ordinal));
        var quantity = driver.FindElement(By.Id("quantity"));
        quantity.Clear();
        quantity.SendKeys("2");
        driver.FindElement(By.Id("give-help")).Click();

        wait.Until(d => long.Parse(d.FindElement(By.Id("d-reserved")).Text, CultureInfo.InvariantCulture) == reservedBefore + 2);
        Assert.True(int.Parse(canvas.GetAttribute("data-version")!, CultureInfo.InvariantCulture) > versionBefore);
        Assert.Equal(mapReservedBefore + 2, long.Parse(canvas.GetAttribute("data-reserved")!, CultureInfo.InvariantCulture));

        // The donor's own list shows it; releasing it from there gives the need back and the map redraws.
        var release = wait.Until(d => d.FindElements(By.CssSelector("#mine button[data-act=release]")).FirstOrDefault());
        var versionAfterReserve = int.Parse(canvas.GetAttribute("data-version")!, CultureInfo.InvariantCulture);
        release!.Click();
        wait.Until(d => long.Parse(d.FindElement(By.Id("d-reserved")).Text, CultureInfo.InvariantCulture) == reservedBefore);
        Assert.True(int.Parse(canvas.GetAttribute("data-version")!, CultureInfo.InvariantCulture) > versionAfterReserve);
        Assert.Contains("released", driver.FindElement(By.Id("mine")).Text, StringComparison.Ordinal);

        // Reserve again (the form is back at 1 package) for the server-side check.
        driver.FindElement(By.Id("give-help")).Click();
        var expected = reservedBefore + 1;
        wait.Until(d => long.Parse(d.FindElement(By.Id("d-reserved")).Text, CultureInfo.InvariantCulture) == expected);

        // The server agrees: the RW's summary shows the reservation.
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var summary = JsonDocument.Parse(await client.GetStringAsync($"/api/summary/rw?item={PortalFixture.Item}&period={PortalFixture.Period}&area={code}", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(expected, summary.GetProperty("features")[0].GetProperty("properties").GetProperty("reserved").GetInt64());
    }
}
