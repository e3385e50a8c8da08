using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Tests.ClientManagers;

/// <summary>Managers and customers as the client-manager tests need them.</summary>
internal static class Rows
{
    public const string East = "East China";
    public const string West = "West China";

    public static ClientManager Manager(string id, Seniority seniority, string regions = East, string industries = "Retail",
        int capacity = 10, int keyAccounts = 0, bool active = true) => new()
    {
        Id = id, Name = $"Manager {id}", Email = $"{id}@example.com", Seniority = seniority, Regions = regions, Industries = industries,
        KeyAccountCapacity = capacity, KeyAccounts = keyAccounts, IsActive = active,
    };

    public static Customer Customer(long id, CustomerTier tier, string region = East, string industry = "Retail", string? managerId = null,
        string? email = "auto") => new()
    {
        Id = id, Name = $"Customer {id}", Kind = CustomerKind.Corporate, Tier = tier, Region = region, Industry = industry, ManagerId = managerId,
        Email = email == "auto" ? $"customer{id}@example.com" : email, CreatedAt = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    public static AccountAssignment Primary(long customer, string manager, DateTimeOffset from) => new()
    {
        CustomerId = customer, ManagerId = manager, Role = AssignmentRole.Primary, From = from, Reason = "Initial assignment",
    };
}
