using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Seeding;

public sealed partial class CrmDataGenerator
{
    private static void WriteReferenceData(GeneratorState s, Tables t)
    {
        for (var i = 0; i < NameBank.Products.Length; i++)
        {
            var p = NameBank.Products[i];
            t.Add(new Product { Id = i + 1, Code = p.Code, Name = p.Name, Category = p.Category, ListPrice = p.Price, UnitCost = p.Cost });
        }
        t.Add(new BusinessCalendarRecord
        {
            Id = 1, Name = "China office hours", TimeZone = "Asia/Shanghai", Start = "09:00", End = "18:00",
            Holidays = string.Join(",", Enumerable.Range(0, 7).Select(d => new DateOnly(s.Now.Year + 1, 2, 16).AddDays(d).ToString("yyyy-MM-dd"))),
        });
        t.Add(new BusinessCalendarRecord { Id = 2, Name = "UK office hours", TimeZone = "Europe/London", Start = "09:00", End = "17:30" });
        var id = 1;
        foreach (var tier in Enum.GetValues<CustomerTier>())
        foreach (var severity in Enum.GetValues<Severity>())
        {
            // Better tiers and worse problems get faster answers.
            var factor = (4 - (int)tier) * (4 - (int)severity);
            t.Add(new SlaPolicy
            {
                Id = id++, Name = $"{tier} / {severity}", Tier = tier, Severity = severity,
                ResponseMinutes = 30 + 15 * factor, ResolutionMinutes = 240 + 120 * factor, WarningThreshold = 0.8m, CalendarId = 1,
            });
        }
        WriteManagers(s, t);
        WriteRollouts(s, t);
    }

    private static void WriteManagers(GeneratorState s, Tables t)
    {
        for (var i = 1; i <= s.Options.Managers; i++)
        {
            var region = NameBank.Regions[(i - 1) % NameBank.Regions.Length];
            var second = s.Chance(0.4) ? s.Pick(NameBank.Regions) : region;
            var id = $"cm-{i:0000}";
            var name = s.PersonName(region.Chinese);
            var seniority = s.Weighted<Seniority>([(Seniority.Junior, 5), (Seniority.Senior, 4), (Seniority.Principal, 1)]);
            t.Add(new ClientManager
            {
                // Staff addresses on their own domain, so a manager's mail can never reach a customer.
                Id = id, Name = name, Email = GeneratorState.Email(name, i, "manager", "staff.example.com"),
                Regions = string.Join(",", new[] { region.Name, second.Name }.Distinct()),
                Industries = string.Join(",", Enumerable.Range(0, 3).Select(_ => s.Weighted(NameBank.Industries)).Distinct()),
                Skills = string.Join(",", Enumerable.Range(0, 2).Select(_ => s.Pick(NameBank.Skills)).Distinct()),
                Languages = region.Chinese ? (s.Chance(0.5) ? "zh,en" : "zh") : (s.Chance(0.2) ? "en,zh" : "en"),
                Seniority = seniority, LeadCapacity = 10 + 10 * (int)seniority, KeyAccountCapacity = 5 + 5 * (int)seniority,
                Team = $"{region.Name} team", SupervisorId = i > 4 ? $"cm-{1 + (i - 1) % 4:0000}" : null, CalendarId = region.Chinese ? 1 : 2,
            });
            s.ManagerIds.Add(id);
            foreach (var r in new[] { region.Name, second.Name }.Distinct())
            {
                if (!s.ManagersByRegion.TryGetValue(r, out var list)) s.ManagersByRegion[r] = list = [];
                list.Add(id);
            }
            if (s.Chance(0.1))
                t.Add(new OutOfOffice { Id = i, ManagerId = id, From = s.Now.AddDays(s.Random.Next(-3, 10)), To = s.Now.AddDays(s.Random.Next(11, 25)), Reason = "Annual leave" });
        }
    }

    private static void WriteCustomer(GeneratorState s, Tables t, long id)
    {
        var region = s.Weighted(NameBank.Regions.Select(r => ((r.Name, r.Chinese), r.Weight)).ToList());
        var corporate = s.Chance(0.4);
        var name = corporate ? s.CompanyName(region.Chinese, region.Name) : s.PersonName(region.Chinese);
        var created = s.Now.AddDays(-s.Random.Next(30, 5 * 365));
        var manager = corporate && s.ManagersByRegion.TryGetValue(region.Name, out var local) ? s.Pick(local) : null;
        t.Add(new Customer
        {
            Id = id, Kind = corporate ? CustomerKind.Corporate : CustomerKind.Individual, Name = name,
            GroupId = corporate && id > 50 && s.Chance(0.05) ? s.Random.Next(1, (int)Math.Min(id, 50)) : null,
            Industry = corporate ? s.Weighted(NameBank.Industries) : "Consumer", Region = region.Name,
            Size = corporate ? (int)Math.Min(50_000, 10 * s.LogNormal(1.5)) : s.Random.Next(1, 6),
            Email = GeneratorState.Email(name, id), Phone = $"+86 1{s.Random.Next(30, 90)}{s.Random.Next(10_000_000, 99_999_999)}",
            CreatedAt = created, ManagerId = manager,
        });
        var contacts = corporate ? s.Random.Next(1, 4) : 1;
        for (var c = 0; c < contacts; c++)
        {
            var person = corporate ? s.PersonName(region.Chinese) : name;
            t.Add(new Contact
            {
                Id = ++s.NextContact, CustomerId = id, Name = person, Title = corporate ? s.Pick(["Purchasing manager", "CEO", "IT director", "Sales director"]) : null,
                Email = GeneratorState.Email(person, s.NextContact), PreferredChannel = s.Pick(Enum.GetValues<Channel>()), ConsentToContact = s.Chance(0.7),
            });
        }
        if (manager is not null) WriteAssignments(s, t, id, manager, created);
        WriteHistory(s, t, id, created, corporate);
    }

    private static void WriteAssignments(GeneratorState s, Tables t, long customer, string manager, DateTimeOffset created)
    {
        var from = created;
        if (s.Chance(0.2))
        {
            // An earlier manager served the account until a handover.
            var handover = created.AddDays(s.Random.Next(30, Math.Max(31, (int)(s.Now - created).TotalDays)));
            t.Add(new AccountAssignment { Id = ++s.NextAssignment, CustomerId = customer, ManagerId = s.Pick(s.ManagerIds), Role = AssignmentRole.Primary, From = created, To = handover, Reason = "Initial assignment" });
            from = handover;
        }
        t.Add(new AccountAssignment { Id = ++s.NextAssignment, CustomerId = customer, ManagerId = manager, Role = AssignmentRole.Primary, From = from, Reason = from == created ? "Initial assignment" : "Handover" });
    }

    private static void WriteHistory(GeneratorState s, Tables t, long customer, DateTimeOffset created, bool corporate)
    {
        var ageDays = Math.Max(1, (int)(s.Now - created).TotalDays);
        var window = Math.Min(730, ageDays);
        var churned = s.Chance(0.15);
        var orders = (int)Math.Round(s.Options.OrdersPerCustomer * s.LogNormal(0.6) * window / 730.0);
        var spend = s.LogNormal(0.9) * (corporate ? 3 : 1);
        for (var o = 0; o < orders; o++)
        {
            var orderId = ++s.NextOrder;
            var at = s.SeasonalDay(window, churned ? Math.Min(window - 1, 180 + s.Random.Next(180)) : 0);
            decimal amount = 0, margin = 0;
            var lineCount = s.Chance(0.3) ? 2 : 1;
            var lines = new List<OrderLine>(lineCount);
            for (var l = 0; l < lineCount; l++)
            {
                var p = s.Random.Next(NameBank.Products.Length);
                var product = NameBank.Products[p];
                var quantity = Math.Max(1, (int)Math.Round(spend * s.Random.Next(1, 4)));
                var price = decimal.Round(product.Price * (decimal)(0.85 + 0.15 * s.Random.NextDouble()), 2);
                var lineMargin = (price - product.Cost) * quantity;
                lines.Add(new OrderLine { Id = ++s.NextLine, OrderId = orderId, ProductId = p + 1, Quantity = quantity, UnitPrice = price, Margin = lineMargin });
                amount += price * quantity;
                margin += lineMargin;
            }
            // Parents before children: tables are flushed in the order they were first written.
            t.Add(new Order { Id = orderId, CustomerId = customer, OrderedAt = at, Channel = s.OrderChannel(), Amount = amount, Margin = margin });
            foreach (var line in lines) t.Add(line);
            var due = DateOnly.FromDateTime(at.UtcDateTime).AddDays(30);
            var today = DateOnly.FromDateTime(s.Now.UtcDateTime);
            DateOnly? paid = s.Chance(0.85) ? due.AddDays(-s.Random.Next(0, 20)) : s.Chance(0.7) ? due.AddDays(s.Random.Next(1, 60)) : null;
            if (paid > today) paid = due <= today ? today : null;
            t.Add(new Payment { Id = ++s.NextPayment, CustomerId = customer, OrderId = orderId, Amount = amount, DueOn = due, PaidOn = paid });
        }
        var interactions = s.Random.Next(1, 4);
        for (var i = 0; i < interactions; i++)
        {
            var channel = s.Weighted<Channel>([(Channel.Phone, 30), (Channel.Email, 25), (Channel.Sms, 10), (Channel.Web, 15), (Channel.Visit, 10), (Channel.Chat, 8), (Channel.Mail, 1), (Channel.Fax, 1)]);
            t.Add(new Interaction
            {
                Id = ++s.NextInteraction, CustomerId = customer, Channel = channel, Direction = s.Chance(0.5) ? Direction.Inbound : Direction.Outbound,
                At = s.SeasonalDay(window), Summary = s.Pick(["Asked about renewal", "Follow-up call", "Sent proposal", "Service question", "Invited to webinar", "Order status"]),
                Cost = channel switch { Channel.Visit => 120m, Channel.Phone => 8m, Channel.Chat => 3m, Channel.Email or Channel.Sms => 0.5m, _ => 2m },
                Responded = s.Chance(0.6), CampaignId = s.Chance(0.2) ? s.Random.Next(1, 6) : null,
            });
        }
    }
}
