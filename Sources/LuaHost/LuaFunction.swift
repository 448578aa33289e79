import CLua
import CLuaShim

/// A Swift function callable from Lua. It reads its arguments from the stack and
/// returns how many results it pushed; throwing is how it raises a Lua error — the
/// dispatcher turns the thrown error into a Lua value and the C trampoline raises it
/// after this Swift frame is gone.
public typealias LuaSwiftFunction = (LuaStack) throws -> Int32

/// An error that knows which Lua value it raises. The host's error objects conform;
/// anything else thrown reaches Lua as its description, a string.
public protocol LuaRaisable: Error {
    /// Pushes the error value (exactly one value).
    func push(onto stack: LuaStack)
}

final class SwiftFunctionBox {
    let body: LuaSwiftFunction
    init(_ body: @escaping LuaSwiftFunction) { self.body = body }
}

private func dispatchToSwift(_ L: OpaquePointer?, _ box: UnsafeMutableRawPointer?) -> Int32 {
    guard let L, let box else { return 0 }
    let function = Unmanaged<SwiftFunctionBox>.fromOpaque(box).takeUnretainedValue()
    let stack = LuaStack(L)
    do {
        return try function.body(stack)
    } catch {
        stack.pushError(error)
        return Int32(COGSH_RAISE)
    }
}

private func releaseSwiftFunction(_ box: UnsafeMutableRawPointer?) {
    guard let box else { return }
    Unmanaged<SwiftFunctionBox>.fromOpaque(box).release()
}

/// Installs the dispatcher once per process.
let installDispatcher: Void = {
    cogsh_set_dispatch(dispatchToSwift, releaseSwiftFunction)
}()

extension LuaStack {
    /// Pushes a Lua function that runs `body`.
    public func pushFunction(_ body: @escaping LuaSwiftFunction) {
        _ = installDispatcher
        let box = Unmanaged.passRetained(SwiftFunctionBox(body)).toOpaque()
        cogsh_push_swift_function(L, box)
    }

    /// Pushes a table of Swift functions by name, with room for `extraFields` more keys:
    /// a module's table, or the table of Swift helpers a module's Lua half receives.
    public func pushFunctionTable(_ functions: [(String, LuaSwiftFunction)], extraFields: Int = 0) {
        newTable(fields: functions.count + extraFields)
        for (name, body) in functions {
            pushFunction(body)
            setField(name, in: -2)
        }
    }

    /// The arguments of the current call as Swift values.
    public func arguments(depthLimit: Int = LuaStack.defaultDepthLimit) throws(LuaConversionError) -> [LuaValue] {
        var values: [LuaValue] = []
        let n = top
        values.reserveCapacity(Int(n))
        for i in stride(from: Int32(1), through: n, by: 1) {
            values.append(try value(at: i, depthLimit: depthLimit))
        }
        return values
    }

    /// Pushes each value and returns the count: the usual tail of a Swift function.
    public func returning(_ values: LuaValue...) -> Int32 {
        for v in values { push(v) }
        return Int32(values.count)
    }

    /// Pushes the Lua value for a thrown Swift error.
    func pushError(_ error: Error) {
        _ = ensure(8)
        switch error {
        case let raisable as LuaRaisable: raisable.push(onto: self)
        case let text as LuaErrorMessage: pushString(text.message)
        default: pushString(String(describing: error))
        }
    }
}

/// A plain string error, as Lua's own `error("...")` raises: for failures that are
/// the script's environment (a missing file) rather than a cogsh.Error code.
public struct LuaErrorMessage: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
