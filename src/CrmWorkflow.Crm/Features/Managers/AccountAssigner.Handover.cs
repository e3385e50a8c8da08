using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>An account nobody could take over (its primary assignment is closed; it waits for a person to place it).</summary>
public sealed record UnplacedAccount(long CustomerId, string CustomerName, string Tier, string Why);

/// <summary>What a handover did: every account of the leaving manager, where it went, and what is left to do.</summary>
public sealed record HandoverResult(ClientManager Leaving, IReadOnlyList<AccountChange> HandedOver, IReadOnlyList<UnplacedAccount> Unassigned,
    int BackupRolesEnded, int BackupsNamed, int OpportunitiesMoved, IReadOnlyList<long> OpenLeadIds);

public sealed partial class AccountAssigner
{
    private int _backupsNamed;

    /// <summary>
    /// Hands every account of a leaving manager over in one go: each customer gets a new primary
    /// (their backup when the backup fits, else the best qualified manager, never the leaving
    /// one), highest tiers first so they get the first pick, load spreading as counters move.
    /// Backup roles the leaving manager held are ended. Open leads are only counted: lead
    /// routing owns them.
    /// </summary>
    public async Task<HandoverResult> HandOverAsync(string managerId, AssignmentRules rules, string reason, CancellationToken ct)
    {
        var leaving = _pool.Find(managerId) ?? throw new InvalidOperationException($"There is no client manager '{managerId}' to hand over from.");
        var held = await _db.AccountAssignments.Where(a => a.ManagerId == managerId && a.To == null).Select(a => a.CustomerId).ToListAsync(ct);
        var booked = await _db.Customers.Where(c => c.ManagerId == managerId).Select(c => c.Id).ToListAsync(ct);
        var ids = held.Concat(booked).Distinct().ToList();
        var customers = await _db.Customers.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        await LoadOpenAsync(ids, ct);

        var excluded = new Dictionary<string, string> { [leaving.Id] = $"{leaving.Name} is handing over" };
        // A stale primary row on an account someone else now serves is only closed.
        foreach (var other in customers.Where(c => c.ManagerId is not null && c.ManagerId != managerId))
            foreach (var row in OpenRows(other.Id, AssignmentRole.Primary).Where(r => r.ManagerId == managerId).ToList())
                Close(row, $"{leaving.Name} left ({reason})");
        var book = customers
            .Where(c => c.ManagerId == managerId || (c.ManagerId is null && OpenRows(c.Id, AssignmentRole.Primary).Any(r => r.ManagerId == managerId)))
            .OrderByDescending(c => c.Tier).ThenByDescending(c => c.IsKeyAccount).ThenBy(c => c.Id).ToList();
        var changes = new List<AccountChange>();
        var unassigned = new List<UnplacedAccount>();
        foreach (var customer in book)
        {
            var (chosen, how, why, _) = PromoteBackup(customer, leaving, rules) is { } promoted
                ? (promoted, "backup promoted", $"backup {promoted.Name} promoted", (IReadOnlyList<CandidateVerdict>)[])
                : Choose(customer, rules, excluded);
            if (chosen is null)
            {
                foreach (var row in OpenRows(customer.Id, AssignmentRole.Primary).ToList())
                    Close(row, $"{leaving.Name} left ({reason}); no successor yet");
                customer.ManagerId = null;
                unassigned.Add(new UnplacedAccount(customer.Id, customer.Name, customer.Tier.ToString(), why));
                continue;
            }
            changes.Add(Replace(customer, leaving, chosen, how, $"Handover from {leaving.Name} ({reason}): {why}", $"{leaving.Name} handed over ({reason})"));
            EnsureBackup(customer, chosen, rules, excluded);
        }

        var backupRoles = _open.Where(r => r.ManagerId == managerId && r.Role == AssignmentRole.Backup && r.To is null).ToList();
        foreach (var row in backupRoles)
        {
            Close(row, $"{leaving.Name} left ({reason})");
            if (customers.FirstOrDefault(c => c.Id == row.CustomerId) is { } customer && _pool.Find(customer.ManagerId) is { } primary)
                EnsureBackup(customer, primary, rules, excluded);
        }
        leaving.KeyAccounts = 0;
        var opportunities = await MoveOpportunitiesAsync(ct);
        var leads = await _db.Leads.AsNoTracking().Where(l => l.AssignedManagerId == managerId && Lead.OpenStatuses.Contains(l.Status))
            .OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct);
        return new HandoverResult(leaving, changes, unassigned, backupRoles.Count, _backupsNamed, opportunities, leads);
    }

    /// <summary>
    /// With backups on, keeps a fitting backup or names a new one (never the primary or an
    /// excluded manager). Backups do not use key-account capacity but must have some left, so
    /// they can take the account over. With backups off, existing backups are left alone.
    /// </summary>
    private ClientManager? EnsureBackup(Customer customer, ClientManager primary, AssignmentRules rules, IReadOnlyDictionary<string, string> excluded)
    {
        var rows = OpenRows(customer.Id, AssignmentRole.Backup).ToList();
        if (!rules.Backup) return _pool.Find(rows.FirstOrDefault(r => !excluded.ContainsKey(r.ManagerId))?.ManagerId);
        ClientManager? kept = null;
        foreach (var row in rows)
        {
            var manager = _pool.Find(row.ManagerId);
            var problem = manager is null ? "the manager no longer exists"
                : manager.Id == primary.Id ? "became the primary manager"
                : excluded.TryGetValue(manager.Id, out var why) ? why
                : kept is not null ? "one backup is enough"
                : _pool.Unsuitable(manager, customer, rules, needsCapacity: true)?.Reason;
            if (problem is null) kept = manager;
            else Close(row, problem);
        }
        if (kept is not null) return kept;
        var selection = _pool.Choose(customer, rules, new Dictionary<string, string>(excluded) { [primary.Id] = "the primary manager" });
        if (selection.Chosen is null) return null;
        Open(customer, selection.Chosen, AssignmentRole.Backup, $"Backup manager: {selection.Why}");
        _backupsNamed++;
        return selection.Chosen;
    }

    // Open opportunities follow the account to its new manager; won and lost ones keep their history.
    private async Task<int> MoveOpportunitiesAsync(CancellationToken ct)
    {
        if (_moves.Count == 0) return 0;
        var ids = _moves.Select(m => m.Customer).Distinct().ToList();
        var open = await _db.Opportunities.Where(o => ids.Contains(o.CustomerId) && o.Stage != OpportunityStage.Won && o.Stage != OpportunityStage.Lost)
            .ToListAsync(ct);
        var moved = 0;
        foreach (var (customer, from, to) in _moves)
            foreach (var o in open.Where(o => o.CustomerId == customer && o.ManagerId == from))
            {
                o.ManagerId = to;
                moved++;
            }
        _moves.Clear();
        return moved;
    }
}
