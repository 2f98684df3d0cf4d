namespace CrmSuite.PlaybookEngine.Playbooks;

internal enum LineToken
{
    Word,
    Number,
    Code,
    Arrow,
    Comma,
    Colon,
}
