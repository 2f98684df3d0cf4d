using CrmSuite.Connector.Cli;

return await CliApp.RunAsync(args);
