namespace CrmSuite.Connector.Store;

/// <summary>
/// The state store cannot serve this verb: its database cannot be reached or refuses the login, or the verb needs the
/// other provider. The message names the store, never its credentials.
/// </summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
