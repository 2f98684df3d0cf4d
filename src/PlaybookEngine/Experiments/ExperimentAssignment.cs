using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CrmSuite.PlaybookEngine.Experiments;

/// <summary>
/// Which accounts an experiment holds out and which message variant a treated account gets: a pure function of
/// (account id, playbook id, experiment id), the same on every machine and in every process. SHA-256 of the three ids
/// (UTF-8, separated by U+001F), its first 8 bytes modulo 10,000, is the account's <see cref="Bucket"/> (an account is
/// held out when its bucket is below the share in basis points). A message variant is picked the same way from the four
/// ids account, playbook, experiment and variant set, so it is independent of the bucket and of every other variant set:
/// the variants split the treated accounts evenly whatever the held-out share.
/// </summary>
public static class ExperimentAssignment
{
    /// <summary>Buckets of the assignment: one per basis point of share.</summary>
    public const int Buckets = 10_000;

    /// <summary>The account's bucket in [0, <see cref="Buckets"/>) for this playbook and experiment.</summary>
    /// <param name="accountId">The CRM account.</param>
    /// <param name="playbookId">The playbook's id.</param>
    /// <param name="experimentId">The experiment's id.</param>
    public static int Bucket(string accountId, string playbookId, string experimentId)
    {
        Span<byte> hash = stackalloc byte[32];
        Hash(accountId, playbookId, experimentId, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }

    /// <summary>Whether the experiment holds this account out of the playbook: its bucket is below the share.</summary>
    /// <param name="accountId">The CRM account.</param>
    /// <param name="playbookId">The playbook's id.</param>
    /// <param name="experiment">The playbook's experiment.</param>
    public static bool IsHeldOut(string accountId, string playbookId, PlaybookExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return experiment.HoldoutBasisPoints > 0 && Bucket(accountId, playbookId, experiment.Id) < experiment.HoldoutBasisPoints;
    }

    /// <summary>
    /// The index of the message variant, in [0, <paramref name="variants"/>), a treated account gets in one variant set:
    /// SHA-256 of the four ids (UTF-8, separated by U+001F), its first 8 bytes big-endian, modulo the count.
    /// </summary>
    /// <param name="accountId">The CRM account.</param>
    /// <param name="playbookId">The playbook's id.</param>
    /// <param name="experimentId">The experiment's id.</param>
    /// <param name="variantSet">The variant set, e.g. <c>CheckIn/task/1</c>.</param>
    /// <param name="variants">How many variants there are (at least 1).</param>
    public static int Variant(string accountId, string playbookId, string experimentId, string variantSet, int variants)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(variants, 1);
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(variantSet);
        Span<byte> hash = stackalloc byte[32];
        Hash(accountId, playbookId, string.Concat(experimentId, "\u001f", variantSet), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)variants);
    }

    private static void Hash(string accountId, string playbookId, string experimentId, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(playbookId);
        ArgumentNullException.ThrowIfNull(experimentId);
        var length = Encoding.UTF8.GetByteCount(accountId) + Encoding.UTF8.GetByteCount(playbookId) + Encoding.UTF8.GetByteCount(experimentId) + 2;
        var rented = length <= 512 ? null : new byte[length];
        Span<byte> input = rented ?? stackalloc byte[length];
        var at = Encoding.UTF8.GetBytes(accountId, input);
        input[at++] = 0x1f;
        at += Encoding.UTF8.GetBytes(playbookId, input[at..]);
        input[at++] = 0x1f;
        Encoding.UTF8.GetBytes(experimentId, input[at..]);
        SHA256.HashData(input, hash);
    }
}
