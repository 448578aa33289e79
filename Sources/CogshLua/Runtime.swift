import AWSCore
import LuaHost
import Logging

/// Everything the `cogsh` program decided before Lua runs and the Lua modules need.
public struct RuntimeSettings {
    public var logFormat: LogLineHandler.Format = .text
    public var logLevel: Logger.Level = .info
    public var dryRun = false
    /// AWS options from the command line (`--debug` among them): they win over
    /// `cognito.client{}` arguments.
    public var aws = AWSConfigOverrides()
    public init() {}
}

/// Installs cogsh's Lua modules into a state: the one entry point the program calls.
public enum Runtime {
    public static func install(in state: LuaState, settings: RuntimeSettings) {
        ErrorObjects.install(in: state)
        let logger = Logger(label: "cogsh") { _ in LogLineHandler(format: settings.logFormat, level: settings.logLevel) }
        JSONModule.install(in: state)
        LogModule.install(in: state, logger: logger)
        CSVModule.install(in: state)
        HelpModule.install(in: state)
        let clients = ClientFactory(settings: settings)
        AWSModule.install(in: state, clients: clients)
        CognitoModule.install(in: state, clients: clients)
        HelpModule.installEntries(in: state)
    }
}
