using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Seeding;

/// <summary>The generator's random stream, id counters and row counts.</summary>
internal sealed class GeneratorState(Random random, DateTimeOffset now, SeedOptions options)
{
    public Random Random { get; } = random;
    public DateTimeOffset Now { get; } = now;
    public SeedOptions Options { get; } = options;
    public Dictionary<string, long> PerTable { get; } = [];
    public long Rows { get; private set; }

    public long NextContact, NextOrder, NextLine, NextPayment, NextInteraction, NextAssignment;

    /// <summary>Managers by region, for realistic pairings.</summary>
    public Dictionary<string, List<string>> ManagersByRegion { get; } = [];
    public List<string> ManagerIds { get; } = [];

    public void Count(string table)
    {
        Rows++;
        PerTable[table] = PerTable.GetValueOrDefault(table) + 1;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public T Weighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        var roll = Random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if (roll < weight) return item;
            roll -= weight;
        }
        return items[^1].Item;
    }

    public bool Chance(double p) => Random.NextDouble() < p;

    /// <summary>Log-normal with median 1: most values near 1, a long tail of big spenders.</summary>
    public double LogNormal(double sigma) => Math.Exp(sigma * Gaussian());

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - Random.NextDouble())) * Math.Cos(2 * Math.PI * Random.NextDouble());

    public string PersonName(bool chinese) => chinese
        ? Pick(NameBank.ChineseSurnames) + Pick(NameBank.ChineseGivenNames)
        : $"{Pick(NameBank.EnglishFirstNames)} {Pick(NameBank.EnglishLastNames)}";

    public string CompanyName(bool chinese, string region) => chinese
        ? $"{RegionCity(region)}{Pick(NameBank.ChineseCompanyWords)}{Pick(NameBank.ChineseCompanySuffixes)}"
        : $"{Pick(NameBank.EnglishCompanyWords)} {Pick(["Trading", "Systems", "Logistics", "Foods", "Health", "Energy", "Retail"])} {Pick(NameBank.EnglishCompanySuffixes)}";

    private string RegionCity(string region) => region switch
    {
        "East China" => Pick(["上海", "杭州", "南京", "苏州"]),
        "North China" => Pick(["北京", "天津", "石家庄"]),
        "South China" => Pick(["广州", "深圳", "厦门"]),
        "Central China" => Pick(["武汉", "长沙", "郑州"]),
        "West China" => Pick(["成都", "重庆", "西安"]),
        _ => Pick(["香港", "九龙"]),
    };

    /// <summary>
    /// A day in the last <paramref name="days"/> days, weighted by season: December and November
    /// busy, February (Spring Festival) quiet.
    /// </summary>
    public DateTimeOffset SeasonalDay(int days, int notBefore = 0)
    {
        while (true)
        {
            var offset = notBefore + Random.Next(Math.Max(1, days - notBefore));
            var day = Now.AddDays(-offset);
            var weight = day.Month switch { 12 => 1.4, 11 => 1.2, 2 => 0.6, 1 => 0.9, _ => 1.0 };
            if (Random.NextDouble() * 1.4 < weight) return day.AddMinutes(Random.Next(8 * 60, 20 * 60) - day.TimeOfDay.TotalMinutes);
        }
    }

    public static string Email(string name, long id, string fallback = "customer", string domain = "example.com")
    {
        var local = new string(name.Where(char.IsAsciiLetter).Take(12).ToArray()).ToLowerInvariant();
        return $"{(local.Length > 0 ? local : fallback)}{id}@{domain}";
    }

    public Channel OrderChannel() => Weighted<Channel>([(Channel.Web, 40), (Channel.Phone, 25), (Channel.Visit, 20), (Channel.Email, 15)]);
}
