namespace CrmSuite.Connector.Store;

/// <summary>
/// Where the state store lives, known without opening it: a verb that replaces the whole store (demo seed) builds the new
/// one beside it and moves it into place.
/// </summary>
internal sealed record StateStoreFile(string Path);
