namespace CrmSuite.Connector.Store;

/// <summary>A read-only verb cannot read the state store as it is (another schema version, not a state store); the message names the file.</summary>
internal sealed class StateStoreUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
