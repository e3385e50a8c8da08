using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>One account that got a new primary manager.</summary>
public sealed record AccountChange(long CustomerId, string CustomerName, string Tier, string? FromManagerId, string? FromManagerName,
    string ToManagerId, string ToManagerName, string How, string Reason);

/// <summary>What assigning a dedicated manager to one customer did.</summary>
/// <param name="Port">assigned, noneAvailable or skipped.</param>
public sealed record AssignResult(string Port, long CustomerId, ClientManager? Primary, ClientManager? Backup, bool Changed, string Reason,
    IReadOnlyList<CandidateVerdict> Candidates, AccountChange? Change);

/// <summary>
/// The client-manager system's bookkeeping on one unit of work: chooses managers, keeps the
/// assignment history (rows are closed, never deleted), the customer's current manager and
/// the managers' key-account counters in step. Nothing is saved here: the caller saves (a
/// workflow step) or throws the context away (a preview).
/// </summary>
public sealed partial class AccountAssigner
{
    private readonly CrmDbContext _db;
    private readonly ManagerPool _pool;
    private readonly DateTimeOffset _now;
    private readonly List<AccountAssignment> _open = [];
    private readonly HashSet<long> _loaded = [];
    private readonly List<(long Customer, string From, string To)> _moves = [];

    private AccountAssigner(CrmDbContext db, ManagerPool pool, DateTimeOffset now)
    {
        _db = db;
        _pool = pool;
        _now = now;
    }

    /// <summary>Loads the managers (tracked) into a new assigner.</summary>
    public static async Task<AccountAssigner> CreateAsync(CrmDbContext db, DateTimeOffset now, CancellationToken ct) =>
        new(db, await ManagerPool.LoadAsync(db, now, ct), now);

    /// <summary>
    /// Gives the customer a suitable primary manager (and a backup when the rules ask): keeps the
    /// current one when they still fit, else promotes a fitting backup, else chooses the best
    /// qualified manager.
    /// </summary>
    /// <param name="tiers">Customers of these tiers qualify (null: every customer).</param>
    /// <param name="includeKeyAccounts">Key accounts qualify whatever their tier.</param>
    public async Task<AssignResult> AssignAsync(long customerId, AssignmentRules rules, IReadOnlyCollection<CustomerTier>? tiers,
        bool includeKeyAccounts, string reason, CancellationToken ct)
    {
        var customer = await _db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct)
                       ?? throw new InvalidOperationException($"There is no customer {customerId} to assign a manager to.");
        if (tiers is not null && !tiers.Contains(customer.Tier) && !(includeKeyAccounts && customer.IsKeyAccount))
            return new AssignResult("skipped", customer.Id, _pool.Find(customer.ManagerId), null, false,
                $"{customer.Name} is a {customer.Tier} customer{(customer.IsKeyAccount ? "" : " and not a key account")}: dedicated managers go to "
                + $"{string.Join(" and ", tiers)} customers{(includeKeyAccounts ? " and key accounts" : "")}.", [], null);
        await LoadOpenAsync([customer.Id], ct);

        var current = _pool.Find(customer.ManagerId);
        string? unfit = null;
        if (current is not null)
        {
            var counted = OpenRows(customer.Id, AssignmentRole.Primary).Any(r => r.ManagerId == current.Id);
            // A manager who is merely on leave stays: the pairing is meant to be stable.
            var problem = _pool.Unsuitable(current, customer, rules, needsCapacity: !counted, ignoreAway: true);
            if (problem is null) return Keep(customer, current, counted, rules, reason);
            unfit = $"{current.Name} no longer fits: {problem.Value.Reason}";
        }

        var excluded = current is null ? new Dictionary<string, string>() : new() { [current.Id] = unfit! };
        var (chosen, how, why, candidates) = PromoteBackup(customer, current, rules) is { } promoted
            ? (promoted, "backup promoted", $"backup {promoted.Name} promoted", (IReadOnlyList<CandidateVerdict>)[new(promoted.Id, promoted.Name, "chosen", "the account's backup manager, and fits the rules")])
            : Choose(customer, rules, excluded);
        if (chosen is null)
            return new AssignResult("noneAvailable", customer.Id, current, null, false,
                $"No dedicated manager for {customer.Name} ({customer.Tier}, {customer.Region}): {why}."
                + (current is null ? "" : $" {current.Name} stays on the account until one is found."), candidates, null);

        var change = Replace(customer, current, chosen, how, $"{reason}: {why}", unfit ?? reason);
        var backup = EnsureBackup(customer, chosen, rules, new Dictionary<string, string>());
        await MoveOpportunitiesAsync(ct);
        return new AssignResult("assigned", customer.Id, chosen, backup, true,
            $"{chosen.Name} is now the dedicated manager of {customer.Name}" + (current is null ? "" : $", taking over from {current.Name}") + $": {why}.",
            candidates, change);
    }

    private AssignResult Keep(Customer customer, ClientManager current, bool counted, AssignmentRules rules, string reason)
    {
        foreach (var stray in OpenRows(customer.Id, AssignmentRole.Primary).Where(r => r.ManagerId != current.Id).ToList())
            Close(stray, $"{current.Name} is the primary manager");
        // A manager set on the customer before the history existed: record and count the pairing now.
        if (!counted) Open(customer, current, AssignmentRole.Primary, $"{reason}: confirmed as dedicated manager");
        var backup = EnsureBackup(customer, current, rules, new Dictionary<string, string>());
        return new AssignResult("assigned", customer.Id, current, backup, false,
            $"{current.Name} already serves {customer.Name} and still fits the rules; kept.",
            [new(current.Id, current.Name, "kept", "the current manager, and still fits the rules")], null);
    }

    private (ClientManager?, string, string, IReadOnlyList<CandidateVerdict>) Choose(Customer customer, AssignmentRules rules, IReadOnlyDictionary<string, string> excluded)
    {
        var selection = _pool.Choose(customer, rules, excluded);
        return (selection.Chosen, "selected", selection.Why, selection.Candidates);
    }

    private ClientManager? PromoteBackup(Customer customer, ClientManager? leaving, AssignmentRules rules)
    {
        var row = OpenRows(customer.Id, AssignmentRole.Backup).FirstOrDefault(r => r.ManagerId != leaving?.Id);
        var backup = _pool.Find(row?.ManagerId);
        return backup is not null && _pool.Unsuitable(backup, customer, rules, needsCapacity: true) is null ? backup : null;
    }

    private async Task LoadOpenAsync(IReadOnlyCollection<long> customerIds, CancellationToken ct)
    {
        var missing = customerIds.Where(_loaded.Add).ToList();
        if (missing.Count == 0) return;
        _open.AddRange(await _db.AccountAssignments.Where(a => missing.Contains(a.CustomerId) && a.To == null).ToListAsync(ct));
    }

    private IEnumerable<AccountAssignment> OpenRows(long customerId, AssignmentRole role) =>
        _open.Where(a => a.CustomerId == customerId && a.Role == role && a.To is null);

    private void Open(Customer customer, ClientManager manager, AssignmentRole role, string why)
    {
        var row = new AccountAssignment { CustomerId = customer.Id, ManagerId = manager.Id, Role = role, From = _now, Reason = Cut(why) };
        _db.AccountAssignments.Add(row);
        _open.Add(row);
        if (role != AssignmentRole.Primary) return;
        manager.KeyAccounts++;
        customer.ManagerId = manager.Id;
    }

    private void Close(AccountAssignment row, string why)
    {
        row.To = _now;
        row.Reason = Cut(string.IsNullOrEmpty(row.Reason) ? $"ended: {why}" : $"{row.Reason}; ended: {why}");
        if (row.Role == AssignmentRole.Primary && _pool.Find(row.ManagerId) is { KeyAccounts: > 0 } manager) manager.KeyAccounts--;
    }

    private AccountChange Replace(Customer customer, ClientManager? from, ClientManager to, string how, string openWhy, string closeWhy)
    {
        foreach (var row in OpenRows(customer.Id, AssignmentRole.Primary).ToList()) Close(row, $"replaced by {to.Name}: {closeWhy}");
        foreach (var row in OpenRows(customer.Id, AssignmentRole.Backup).Where(r => r.ManagerId == to.Id).ToList()) Close(row, "promoted to primary");
        Open(customer, to, AssignmentRole.Primary, openWhy);
        if (from is not null) _moves.Add((customer.Id, from.Id, to.Id));
        return new AccountChange(customer.Id, customer.Name, customer.Tier.ToString(), from?.Id, from?.Name, to.Id, to.Name, how, openWhy);
    }

    private static string Cut(string s) => s.Length <= 400 ? s : s[..399] + "…";
}
